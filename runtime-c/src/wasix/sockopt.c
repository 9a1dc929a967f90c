/*
 * wasix/sockopt.c: socket options and multicast groups: sock_set/get_opt_flag,
 * sock_set/get_opt_time, sock_set/get_opt_size (abi/wasix.md §5.5) and
 * sock_join/leave_multicast_v4/v6 (§3.5).
 *
 * One table maps each sock_option to its kind (flag, time or size) and the host
 * (level, name); each call is one setsockopt/getsockopt, so values read back are the host's
 * (Linux reports twice the RECV_BUF_SIZE it was given, as it does for native programs).
 * Decisions:
 * - An option used through the wrong kind of call is INVAL; NOOP (libc's name for options it
 *   has no number for) succeeds and reads back as false / NONE / 0.
 * - Read-only options (LISTENING, LAST_ERROR, TYPE, PROTO) cannot be set: NOPROTOOPT, as
 *   Linux answers setsockopt(SO_ACCEPTCONN). TYPE reads as the WASIX sock_type and
 *   LAST_ERROR as a WASI errno (reading it clears it, as SO_ERROR does).
 * - CONNECT_TIMEOUT, ACCEPT_TIMEOUT and PROMISCUOUS have no host socket option: NOTSUP.
 * - Times: option_timestamp_t (tag u8 @0, ns u64 @8). For RECV/SEND_TIMEOUT, NONE and
 *   SOME(0) both mean "no timeout" (a zero timeval), and a SOME below 1 µs rounds up to 1 µs
 *   so it does not become "wait forever". LINGER is whole seconds (rounded up).
 * - TTL is the unicast hop limit of the socket's family (IP_TTL or IPV6_UNICAST_HOPS).
 * - Flags: any nonzero value is true (wasix-libc sends 1; §8.7: it always sends true).
 */
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "net.h"

enum kind { NONE, FLAG, TIME, SIZE };
enum { READ_ONLY = 1, UNSUPPORTED = 2, TTL = 4, TYPE = 8, LAST_ERROR = 16 };

typedef struct option {
    uint8_t kind, special;
    int level, name;
} option;

/* Indexed by sock_option (§5.5). */
static const option options[] = {
    [0] = {NONE, 0, 0, 0}, /* NOOP */
    [1] = {FLAG, 0, SOL_SOCKET, SO_REUSEPORT},
    [2] = {FLAG, 0, SOL_SOCKET, SO_REUSEADDR},
    [3] = {FLAG, 0, IPPROTO_TCP, TCP_NODELAY},
    [4] = {FLAG, 0, SOL_SOCKET, SO_DONTROUTE},
    [5] = {FLAG, 0, IPPROTO_IPV6, IPV6_V6ONLY},
    [6] = {FLAG, 0, SOL_SOCKET, SO_BROADCAST},
    [7] = {FLAG, 0, IPPROTO_IP, IP_MULTICAST_LOOP},
    [8] = {FLAG, 0, IPPROTO_IPV6, IPV6_MULTICAST_LOOP},
    [9] = {FLAG, UNSUPPORTED, 0, 0}, /* PROMISCUOUS */
    [10] = {FLAG, READ_ONLY, SOL_SOCKET, SO_ACCEPTCONN},
    [11] = {SIZE, READ_ONLY | LAST_ERROR, SOL_SOCKET, SO_ERROR},
    [12] = {FLAG, 0, SOL_SOCKET, SO_KEEPALIVE},
    [13] = {TIME, 0, SOL_SOCKET, SO_LINGER},
    [14] = {FLAG, 0, SOL_SOCKET, SO_OOBINLINE},
    [15] = {SIZE, 0, SOL_SOCKET, SO_RCVBUF},
    [16] = {SIZE, 0, SOL_SOCKET, SO_SNDBUF},
    [17] = {SIZE, 0, SOL_SOCKET, SO_RCVLOWAT},
    [18] = {SIZE, 0, SOL_SOCKET, SO_SNDLOWAT},
    [19] = {TIME, 0, SOL_SOCKET, SO_RCVTIMEO},
    [20] = {TIME, 0, SOL_SOCKET, SO_SNDTIMEO},
    [21] = {TIME, UNSUPPORTED, 0, 0}, /* CONNECT_TIMEOUT */
    [22] = {TIME, UNSUPPORTED, 0, 0}, /* ACCEPT_TIMEOUT */
    [23] = {SIZE, TTL, IPPROTO_IP, IP_TTL},
    [24] = {SIZE, 0, IPPROTO_IP, IP_MULTICAST_TTL},
    [25] = {SIZE, READ_ONLY | TYPE, SOL_SOCKET, SO_TYPE},
    [26] = {SIZE, READ_ONLY, SOL_SOCKET, SO_PROTOCOL},
};

#define NS_PER_S UINT64_C(1000000000)

/* The option `opt` as a `kind` call on guest fd: its table entry and host socket, or the
 * errno (BADF/NOTSOCK, INVAL for an unknown option or the wrong kind, NOTSUP). */
static uint32_t prepare(uint32_t fd, uint32_t opt, uint8_t kind, bool setting, const option **out, int *host) {
    if (opt >= sizeof options / sizeof options[0]) return WASI_EINVAL;
    wasi_fd entry;
    uint32_t err = wasi_socket_lookup(fd, 0, &entry);
    if (err != WASI_ESUCCESS) return err;
    const option *o = &options[opt];
    if (o->kind != NONE && o->kind != kind) return WASI_EINVAL;
    if (o->special & UNSUPPORTED) return WASI_ENOTSUP;
    if (setting && (o->special & READ_ONLY)) return WASI_ENOPROTOOPT;
    *out = o;
    *host = entry.host;
    return WASI_ESUCCESS;
}

/* The (level, name) to use on this socket: TTL follows the socket's family. */
static void host_option(const option *o, int host, int *level, int *name) {
    *level = o->level;
    *name = o->name;
    if (o->special & TTL) {
        struct sockaddr_storage addr;
        socklen_t len = sizeof addr;
        if (getsockname(host, (struct sockaddr *)&addr, &len) == 0 && addr.ss_family == AF_INET6) {
            *level = IPPROTO_IPV6;
            *name = IPV6_UNICAST_HOPS;
        }
    }
}

static uint32_t set_int(const option *o, int host, int value) {
    int level, name;
    host_option(o, host, &level, &name);
    if (setsockopt(host, level, name, &value, sizeof value) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

static uint32_t get_int(const option *o, int host, int *value) {
    int level, name;
    host_option(o, host, &level, &name);
    socklen_t len = sizeof *value;
    *value = 0;
    if (getsockopt(host, level, name, value, &len) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_sock_set_opt_flag(bsrt_instance *self, uint32_t fd, uint32_t opt, uint32_t flag) {
    (void)self;
    const option *o;
    int host;
    uint32_t err = prepare(fd, opt, FLAG, true, &o, &host);
    if (err != WASI_ESUCCESS || o->kind == NONE) return err;
    return set_int(o, host, flag != 0);
}

uint32_t bsrt_wasix_sock_get_opt_flag(bsrt_instance *self, uint32_t fd, uint32_t opt, bsrt_ptr ret_flag) {
    uint8_t *flag_out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_flag, 1);
    if (flag_out == NULL) return WASI_EFAULT;
    const option *o;
    int host, value = 0;
    uint32_t err = prepare(fd, opt, FLAG, false, &o, &host);
    if (err == WASI_ESUCCESS && o->kind != NONE) err = get_int(o, host, &value);
    if (err != WASI_ESUCCESS) return err;
    bsrt_guest_write_u8(flag_out, value != 0);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_sock_set_opt_time(bsrt_instance *self, uint32_t fd, uint32_t opt, bsrt_ptr time) {
    const uint8_t *in = bsrt_guest_bytes(bsrt_guest_memory(self), time, 16);
    if (in == NULL) return WASI_EFAULT;
    uint8_t tag = in[0];
    uint64_t ns;
    memcpy(&ns, in + 8, sizeof ns);
    if (tag > 1) return WASI_EINVAL; /* option tag: 0 NONE, 1 SOME */
    const option *o;
    int host;
    uint32_t err = prepare(fd, opt, TIME, true, &o, &host);
    if (err != WASI_ESUCCESS || o->kind == NONE) return err;
    int rc;
    if (o->name == SO_LINGER) {
        uint64_t seconds = ns / NS_PER_S + (ns % NS_PER_S != 0);
        struct linger linger = {.l_onoff = tag == 1, .l_linger = seconds > INT_MAX ? INT_MAX : (int)seconds};
        rc = setsockopt(host, o->level, o->name, &linger, sizeof linger);
    } else {
        struct timeval tv = {0, 0};
        if (tag == 1 && ns != 0) {
            uint64_t us = ns / 1000 + (ns % 1000 != 0);
            tv.tv_sec = (time_t)(us / 1000000);
            tv.tv_usec = (suseconds_t)(us % 1000000);
        }
        rc = setsockopt(host, o->level, o->name, &tv, sizeof tv);
    }
    if (rc != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_sock_get_opt_time(bsrt_instance *self, uint32_t fd, uint32_t opt, bsrt_ptr ret_time) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_time, 16);
    if (out == NULL) return WASI_EFAULT;
    const option *o;
    int host;
    uint32_t err = prepare(fd, opt, TIME, false, &o, &host);
    if (err != WASI_ESUCCESS) return err;
    bool some = false;
    uint64_t ns = 0;
    if (o->kind != NONE && o->name == SO_LINGER) {
        struct linger linger;
        socklen_t len = sizeof linger;
        if (getsockopt(host, o->level, o->name, &linger, &len) != 0) return bsrt_wasi_errno_from_host(errno);
        some = linger.l_onoff != 0;
        ns = some ? (uint64_t)linger.l_linger * NS_PER_S : 0;
    } else if (o->kind != NONE) {
        struct timeval tv;
        socklen_t len = sizeof tv;
        if (getsockopt(host, o->level, o->name, &tv, &len) != 0) return bsrt_wasi_errno_from_host(errno);
        ns = (uint64_t)tv.tv_sec * NS_PER_S + (uint64_t)tv.tv_usec * 1000;
        some = ns != 0;
    }
    memset(out, 0, 16);
    bsrt_guest_write_u8(out, some);
    bsrt_guest_write_u64(out + 8, ns);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_sock_set_opt_size(bsrt_instance *self, uint32_t fd, uint32_t opt, uint64_t size) {
    (void)self;
    const option *o;
    int host;
    uint32_t err = prepare(fd, opt, SIZE, true, &o, &host);
    if (err != WASI_ESUCCESS || o->kind == NONE) return err;
    if (size > INT_MAX) return WASI_EINVAL;
    return set_int(o, host, (int)size);
}

/* A socket type as WASIX's sock_type (§5.3). */
static uint64_t wasix_sock_type(int type) {
    switch (type) {
    case SOCK_STREAM: return WASIX_SOCK_STREAM;
    case SOCK_DGRAM: return WASIX_SOCK_DGRAM;
    case SOCK_RAW: return WASIX_SOCK_RAW;
    case SOCK_SEQPACKET: return WASIX_SOCK_SEQPACKET;
    default: return 0;
    }
}

uint32_t bsrt_wasix_sock_get_opt_size(bsrt_instance *self, uint32_t fd, uint32_t opt, bsrt_ptr ret_size) {
    uint8_t *size_out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_size, 8);
    if (size_out == NULL) return WASI_EFAULT;
    const option *o;
    int host, value = 0;
    uint32_t err = prepare(fd, opt, SIZE, false, &o, &host);
    if (err == WASI_ESUCCESS && o->kind != NONE) err = get_int(o, host, &value);
    if (err != WASI_ESUCCESS) return err;
    uint64_t result = value < 0 ? 0 : (uint64_t)value;
    if (o->special & TYPE) result = wasix_sock_type(value);
    if (o->special & LAST_ERROR) result = bsrt_wasi_errno_from_host(value);
    bsrt_guest_write_u64(size_out, result);
    return WASI_ESUCCESS;
}

/* ---- multicast --------------------------------------------------------------------------- */

/* IP_ADD/DROP_MEMBERSHIP with the group and interface addr_ip4_t (4 octets each). */
static uint32_t multicast_v4(bsrt_instance *self, uint32_t fd, bsrt_ptr multiaddr, bsrt_ptr iface, int name) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    const uint8_t *group = bsrt_guest_bytes(memory, multiaddr, 4), *local = bsrt_guest_bytes(memory, iface, 4);
    if (group == NULL || local == NULL) return WASI_EFAULT;
    wasi_fd entry;
    uint32_t err = wasi_socket_lookup(fd, 0, &entry);
    if (err != WASI_ESUCCESS) return err;
    struct ip_mreq request;
    memcpy(&request.imr_multiaddr, group, 4);
    memcpy(&request.imr_interface, local, 4);
    if (setsockopt(entry.host, IPPROTO_IP, name, &request, sizeof request) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

/* IPV6_JOIN/LEAVE_GROUP with the group's 16 address bytes (the start of its addr_ip6_t; flow
 * info and scope do not apply to a group) and an interface index (0: the kernel picks). */
static uint32_t multicast_v6(bsrt_instance *self, uint32_t fd, bsrt_ptr multiaddr, uint32_t iface, int name) {
    const uint8_t *group = bsrt_guest_bytes(bsrt_guest_memory(self), multiaddr, 16);
    if (group == NULL) return WASI_EFAULT;
    wasi_fd entry;
    uint32_t err = wasi_socket_lookup(fd, 0, &entry);
    if (err != WASI_ESUCCESS) return err;
    struct ipv6_mreq request;
    memcpy(&request.ipv6mr_multiaddr, group, 16);
    request.ipv6mr_interface = iface;
    if (setsockopt(entry.host, IPPROTO_IPV6, name, &request, sizeof request) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_sock_join_multicast_v4(bsrt_instance *self, uint32_t fd, bsrt_ptr multiaddr, bsrt_ptr iface) {
    return multicast_v4(self, fd, multiaddr, iface, IP_ADD_MEMBERSHIP);
}

uint32_t bsrt_wasix_sock_leave_multicast_v4(bsrt_instance *self, uint32_t fd, bsrt_ptr multiaddr, bsrt_ptr iface) {
    return multicast_v4(self, fd, multiaddr, iface, IP_DROP_MEMBERSHIP);
}

uint32_t bsrt_wasix_sock_join_multicast_v6(bsrt_instance *self, uint32_t fd, bsrt_ptr multiaddr, uint32_t iface) {
    return multicast_v6(self, fd, multiaddr, iface, IPV6_JOIN_GROUP);
}

uint32_t bsrt_wasix_sock_leave_multicast_v6(bsrt_instance *self, uint32_t fd, bsrt_ptr multiaddr, uint32_t iface) {
    return multicast_v6(self, fd, multiaddr, iface, IPV6_LEAVE_GROUP);
}
