/*
 * wasix/net.c: the guest's socket addresses and the network policy, for sock.c, sockopt.c
 * and dns.c (declared in net.h).
 *
 * addr_port_t (abi/wasix.md §4.6): family tag at [0]; for INET4/INET6 the port at [2] as a
 * little-endian u16 in host order (the rule wasix-libc writes and §8.1 recommends: Wasmer's
 * big-endian replies are what libc's port probe works around, and host order makes that probe
 * see what it expects), then the address bytes in network order from [4]; INET6's flow info
 * and scope id follow as 16-bit halves, high half first; UNIX has a NUL-terminated path from
 * [2]. Abstract unix addresses (a leading NUL) cannot be written in that form and are not
 * offered.
 *
 * Policy (bsrt_wasi_config): without --allow-net nothing may be opened or resolved
 * (NOTCAPABLE). With --allow-net-to entries ("HOST:PORT", HOST `*`, an address, `[v6]` or a
 * name, PORT a number or `*`) an endpoint passes when one entry names its address and port:
 * addresses compare as addresses (an IPv4-mapped IPv6 address is its IPv4 address), a name is
 * resolved at the time of the check and passes for any of its addresses. Exact matches only:
 * 127.0.0.1:0 (an ephemeral bind) or 0.0.0.0:80 match only entries that say so (or `*`).
 * Unix-domain paths name host files outside the --dir sandbox and are no HOST:PORT, so with
 * entries they are refused; with plain --allow-net they are allowed.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/un.h>

#include "net.h"

/* ---- addr_port_t ------------------------------------------------------------------------- */

static uint16_t read_u16(const uint8_t *p) {
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

uint32_t wasix_host_family(uint32_t af, int *out) {
    switch (af) {
    case WASIX_AF_INET4: *out = AF_INET; return WASI_ESUCCESS;
    case WASIX_AF_INET6: *out = AF_INET6; return WASI_ESUCCESS;
    case WASIX_AF_UNIX: *out = AF_UNIX; return WASI_ESUCCESS;
    default: return WASI_EAFNOSUPPORT;
    }
}

uint32_t wasix_addr_port_load(bsrt_instance *self, bsrt_ptr ptr, wasix_sockaddr *out) {
    const uint8_t *in = bsrt_guest_bytes(bsrt_guest_memory(self), ptr, WASIX_ADDR_PORT_SIZE);
    if (in == NULL) return WASI_EFAULT;
    memset(out, 0, sizeof *out);
    switch (in[0]) {
    case WASIX_AF_UNSPEC: {
        out->storage.ss_family = AF_UNSPEC;
        out->len = sizeof(struct sockaddr);
        return WASI_ESUCCESS;
    }
    case WASIX_AF_INET4: {
        struct sockaddr_in *a = (struct sockaddr_in *)&out->storage;
        a->sin_family = AF_INET;
        a->sin_port = htons(read_u16(in + 2));
        memcpy(&a->sin_addr, in + 4, 4);
        out->len = sizeof *a;
        return WASI_ESUCCESS;
    }
    case WASIX_AF_INET6: {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&out->storage;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(read_u16(in + 2));
        memcpy(&a->sin6_addr, in + 4, 16);
        a->sin6_flowinfo = htonl((uint32_t)read_u16(in + 20) << 16 | read_u16(in + 22));
        a->sin6_scope_id = (uint32_t)read_u16(in + 24) << 16 | read_u16(in + 26);
        out->len = sizeof *a;
        return WASI_ESUCCESS;
    }
    case WASIX_AF_UNIX: {
        struct sockaddr_un *a = (struct sockaddr_un *)&out->storage;
        a->sun_family = AF_UNIX;
        const uint8_t *path = in + 2;
        const uint8_t *nul = memchr(path, 0, sizeof a->sun_path);
        if (nul == NULL) return WASI_ENAMETOOLONG;
        size_t n = (size_t)(nul - path);
        memcpy(a->sun_path, path, n);
        /* An empty path is "unnamed" (bind then autobinds, as on Linux). */
        out->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (n ? n + 1 : 0));
        return WASI_ESUCCESS;
    }
    default: return WASI_EAFNOSUPPORT;
    }
}

void wasix_addr_port_store(uint8_t *out, const struct sockaddr *addr, socklen_t len) {
    memset(out, 0, WASIX_ADDR_PORT_SIZE);
    if (addr == NULL || len < sizeof(sa_family_t)) return; /* UNSPEC */
    if (addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)addr;
        out[0] = WASIX_AF_INET4;
        bsrt_guest_write_u16(out + 2, ntohs(a->sin_port));
        memcpy(out + 4, &a->sin_addr, 4);
    } else if (addr->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)addr;
        out[0] = WASIX_AF_INET6;
        bsrt_guest_write_u16(out + 2, ntohs(a->sin6_port));
        memcpy(out + 4, &a->sin6_addr, 16);
        uint32_t flow = ntohl(a->sin6_flowinfo);
        bsrt_guest_write_u16(out + 20, (uint16_t)(flow >> 16));
        bsrt_guest_write_u16(out + 22, (uint16_t)flow);
        bsrt_guest_write_u16(out + 24, (uint16_t)(a->sin6_scope_id >> 16));
        bsrt_guest_write_u16(out + 26, (uint16_t)a->sin6_scope_id);
    } else if (addr->sa_family == AF_UNIX) {
        const struct sockaddr_un *a = (const struct sockaddr_un *)addr;
        out[0] = WASIX_AF_UNIX;
        size_t n = len > offsetof(struct sockaddr_un, sun_path) ? len - offsetof(struct sockaddr_un, sun_path) : 0;
        if (n > WASIX_ADDR_PORT_SIZE - 3) n = WASIX_ADDR_PORT_SIZE - 3; /* keep the final NUL */
        memcpy(out + 2, a->sun_path, n);
    }
}

/* ---- policy ------------------------------------------------------------------------------ */

static bool net_allowed(void) {
    const bsrt_wasi_config *config = bsrt_wasi_current_config();
    return config->allow_net || config->net_allow_count > 0;
}

uint32_t wasix_net_check_open(void) { return net_allowed() ? WASI_ESUCCESS : WASI_ENOTCAPABLE; }

/* An IP address reduced to compare: family AF_INET (4 bytes) or AF_INET6 (16). */
typedef struct ip_key {
    int family;
    uint8_t bytes[16];
} ip_key;

static bool ip_key_of(const struct sockaddr *addr, socklen_t len, ip_key *key, uint16_t *port) {
    memset(key, 0, sizeof *key);
    if (addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)addr;
        key->family = AF_INET;
        memcpy(key->bytes, &a->sin_addr, 4);
        if (port) *port = ntohs(a->sin_port);
        return true;
    }
    if (addr->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)addr;
        if (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr)) {
            key->family = AF_INET;
            memcpy(key->bytes, a->sin6_addr.s6_addr + 12, 4);
        } else {
            key->family = AF_INET6;
            memcpy(key->bytes, &a->sin6_addr, 16);
        }
        if (port) *port = ntohs(a->sin6_port);
        return true;
    }
    return false;
}

static bool same_ip(const ip_key *a, const ip_key *b) {
    return a->family == b->family && memcmp(a->bytes, b->bytes, sizeof a->bytes) == 0;
}

/* Splits "HOST:PORT" (HOST maybe "[v6]") into a NUL-terminated host and the port text. */
static bool split_entry(const char *entry, char *host, size_t host_size, const char **port) {
    const char *colon = strrchr(entry, ':');
    if (colon == NULL || colon == entry) return false;
    const char *start = entry, *end = colon;
    if (*start == '[' && end[-1] == ']') {
        start++;
        end--;
    }
    size_t n = (size_t)(end - start);
    if (n == 0 || n >= host_size) return false;
    memcpy(host, start, n);
    host[n] = 0;
    *port = colon + 1;
    return true;
}

static bool port_matches(const char *text, uint16_t port) {
    if (strcmp(text, "*") == 0) return true;
    char *end;
    unsigned long value = strtoul(text, &end, 10);
    return *text != 0 && *end == 0 && value == port;
}

static bool host_matches(const char *host, const ip_key *key) {
    if (strcmp(host, "*") == 0) return true;
    struct sockaddr_in v4 = {.sin_family = AF_INET};
    struct sockaddr_in6 v6 = {.sin6_family = AF_INET6};
    ip_key named;
    if (inet_pton(AF_INET, host, &v4.sin_addr) == 1)
        return ip_key_of((struct sockaddr *)&v4, sizeof v4, &named, NULL) && same_ip(&named, key);
    if (inet_pton(AF_INET6, host, &v6.sin6_addr) == 1)
        return ip_key_of((struct sockaddr *)&v6, sizeof v6, &named, NULL) && same_ip(&named, key);
    /* A name: whatever it resolves to now. */
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *list = NULL;
    if (getaddrinfo(host, NULL, &hints, &list) != 0) return false;
    bool found = false;
    for (struct addrinfo *ai = list; ai != NULL && !found; ai = ai->ai_next)
        found = ip_key_of(ai->ai_addr, ai->ai_addrlen, &named, NULL) && same_ip(&named, key);
    freeaddrinfo(list);
    return found;
}

uint32_t wasix_net_check_endpoint(const struct sockaddr *addr, socklen_t len) {
    const bsrt_wasi_config *config = bsrt_wasi_current_config();
    if (!net_allowed()) return WASI_ENOTCAPABLE;
    if (config->net_allow_count == 0) return WASI_ESUCCESS;
    if (addr->sa_family == AF_UNSPEC) return WASI_ESUCCESS; /* names no endpoint */
    ip_key key;
    uint16_t port = 0;
    if (!ip_key_of(addr, len, &key, &port)) return WASI_ENOTCAPABLE; /* unix paths: see above */
    for (size_t i = 0; i < config->net_allow_count; i++) {
        char host[256];
        const char *port_text;
        if (!split_entry(config->net_allow[i], host, sizeof host, &port_text)) continue;
        if (port_matches(port_text, port) && host_matches(host, &key)) return WASI_ESUCCESS;
    }
    return WASI_ENOTCAPABLE;
}

uint32_t wasix_net_check_host(const char *name) {
    const bsrt_wasi_config *config = bsrt_wasi_current_config();
    if (!net_allowed()) return WASI_ENOTCAPABLE;
    if (config->net_allow_count == 0) return WASI_ESUCCESS;
    /* Names compare as text (DNS names are case-insensitive), so "localhost:80" lets the guest
     * resolve "localhost"; the port of the entry does not matter to a lookup. */
    for (size_t i = 0; i < config->net_allow_count; i++) {
        char host[256];
        const char *port_text;
        if (!split_entry(config->net_allow[i], host, sizeof host, &port_text)) continue;
        if (strcmp(host, "*") == 0 || strcasecmp(host, name) == 0) return WASI_ESUCCESS;
    }
    return WASI_ENOTCAPABLE;
}
