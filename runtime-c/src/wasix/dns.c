/*
 * wasix/dns.c: resolve, the DNS lookup behind wasix-libc's getaddrinfo (abi/wasix.md §3.5).
 *
 * The host's getaddrinfo answers (so /etc/hosts, nsswitch and the host's resolver apply, as
 * for a native program); the addresses are written as addr_ip_t entries (18 bytes: tag u8 @0,
 * IPv4 bytes [2-5] or IPv6 bytes [2-17], network order), each address once, in the host's
 * order, at most `naddrs` of them; ret_count (a witx size) is the number written. The port
 * hint is not part of an addr_ip_t and does not change which addresses a name has, so it is
 * ignored. Policy (net.c): NOTCAPABLE without --allow-net, and with --allow-net-to entries
 * for a name no entry names.
 *
 * Errors: FAULT (bad pointers), INVAL (an empty name, a NUL in it), NAMETOOLONG (over 255
 * bytes, DNS's limit), NOENT (the name has no addresses), AGAIN (a temporary resolver
 * failure), NOMEM, IO (any other resolver failure).
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>

#include "net.h"

static uint32_t errno_from_gai(int rc) {
    switch (rc) {
    case EAI_NONAME:
    case EAI_NODATA:
    case EAI_ADDRFAMILY: return WASI_ENOENT;
    case EAI_AGAIN: return WASI_EAGAIN;
    case EAI_MEMORY: return WASI_ENOMEM;
    case EAI_SYSTEM: return bsrt_wasi_errno_from_host(errno);
    default: return WASI_EIO;
    }
}

/* Writes addr as an addr_ip_t at out; false for a family addr_ip_t cannot hold. */
static bool store_addr_ip(uint8_t *out, const struct sockaddr *addr) {
    memset(out, 0, WASIX_ADDR_IP_SIZE);
    if (addr->sa_family == AF_INET) {
        out[0] = WASIX_AF_INET4;
        memcpy(out + 2, &((const struct sockaddr_in *)addr)->sin_addr, 4);
        return true;
    }
    if (addr->sa_family == AF_INET6) {
        out[0] = WASIX_AF_INET6;
        memcpy(out + 2, &((const struct sockaddr_in6 *)addr)->sin6_addr, 16);
        return true;
    }
    return false;
}

uint32_t bsrt_wasix_resolve(bsrt_instance *self, bsrt_ptr host, bsrt_size host_len, uint32_t port, bsrt_ptr addrs, bsrt_size naddrs, bsrt_ptr ret_count) {
    (void)port;
    bsrt_memory *memory = bsrt_guest_memory(self);
    const uint8_t *name_in = bsrt_guest_bytes(memory, host, host_len);
    uint8_t *out = bsrt_guest_array(memory, addrs, naddrs, WASIX_ADDR_IP_SIZE);
    uint8_t *count_out = bsrt_guest_bytes(memory, ret_count, bsrt_guest_ptr_size(memory));
    if (name_in == NULL || out == NULL || count_out == NULL) return WASI_EFAULT;
    char name[256];
    if (host_len == 0 || memchr(name_in, 0, host_len) != NULL) return WASI_EINVAL;
    if (host_len >= sizeof name) return WASI_ENAMETOOLONG;
    memcpy(name, name_in, host_len);
    name[host_len] = 0;
    uint32_t err = wasix_net_check_host(name);
    if (err != WASI_ESUCCESS) return err;
    /* One socket type, so each address comes once per type it has, not once per type. */
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *list = NULL;
    int rc = getaddrinfo(name, NULL, &hints, &list);
    if (rc != 0) return errno_from_gai(rc);
    uint64_t written = 0;
    for (struct addrinfo *ai = list; ai != NULL && written < naddrs; ai = ai->ai_next) {
        uint8_t entry[WASIX_ADDR_IP_SIZE];
        if (!store_addr_ip(entry, ai->ai_addr)) continue;
        bool seen = false;
        for (uint64_t i = 0; i < written && !seen; i++)
            seen = memcmp(out + i * WASIX_ADDR_IP_SIZE, entry, WASIX_ADDR_IP_SIZE) == 0;
        if (seen) continue;
        memcpy(out + written * WASIX_ADDR_IP_SIZE, entry, WASIX_ADDR_IP_SIZE);
        written++;
    }
    freeaddrinfo(list);
    bsrt_guest_write_ptr(memory, count_out, written);
    return WASI_ESUCCESS;
}
