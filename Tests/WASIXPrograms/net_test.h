/*
 * net_test.h: what the network test programs (net_*.c) share: the WASIX socket, DNS and epoll
 * imports with their wasix_32v1 signatures (abi/wasix.md §3.5, §3.7), and helpers that build
 * and read addr_port_t (110 bytes: tag u8 @0, port u16 @2 in host order, IPv4 bytes @4 or
 * IPv6 bytes @4..19 in network order, a unix path @2).
 */
#ifndef NET_TEST_H
#define NET_TEST_H

#include <stdbool.h>
#include <wasi/api.h>

#include "wasix_test.h"

typedef struct addr_port {
    _Alignas(2) uint8_t b[110];
} addr_port;

typedef struct option_timestamp {
    uint8_t tag;
    uint64_t ns;
} option_timestamp;
_Static_assert(sizeof(option_timestamp) == 16, "option_timestamp_t is 16 bytes");

typedef struct epoll_event_wx {
    uint32_t events, pad0; /* data is 8-aligned: @8 */
    uint32_t ptr, fd, data1, pad1;
    uint64_t data2;
} epoll_event_wx;
_Static_assert(sizeof(epoll_event_wx) == 32, "epoll_event_t is 32 bytes");
_Static_assert(__builtin_offsetof(epoll_event_wx, ptr) == 8 && __builtin_offsetof(epoll_event_wx, data2) == 24,
               "ptr @8, fd @12, data1 @16, data2 @24");

WASIX_IMPORT(sock_open) int32_t wx_sock_open(uint32_t af, uint32_t type, uint32_t proto, uint32_t *ret_fd);
WASIX_IMPORT(sock_pair) int32_t wx_sock_pair(uint32_t af, uint32_t type, uint32_t proto, uint32_t *ret_fd1, uint32_t *ret_fd2);
WASIX_IMPORT(sock_bind) int32_t wx_sock_bind(uint32_t fd, const addr_port *addr);
WASIX_IMPORT(sock_listen) int32_t wx_sock_listen(uint32_t fd, uint32_t backlog);
WASIX_IMPORT(sock_accept_v2) int32_t wx_sock_accept_v2(uint32_t fd, uint32_t flags, uint32_t *ret_fd, addr_port *ret_addr);
WASIX_IMPORT(sock_accept) int32_t wx_sock_accept(uint32_t fd, uint32_t flags, uint32_t *ret_fd, addr_port *ret_addr);
WASIX_IMPORT(sock_connect) int32_t wx_sock_connect(uint32_t fd, const addr_port *addr);
WASIX_IMPORT(sock_recv_from)
int32_t wx_sock_recv_from(uint32_t fd, const __wasi_iovec_t *iovs, uint32_t iovs_len, uint32_t ri_flags,
                          uint32_t *ret_nread, uint16_t *ret_roflags, addr_port *ret_addr);
WASIX_IMPORT(sock_send_to)
int32_t wx_sock_send_to(uint32_t fd, const __wasi_ciovec_t *iovs, uint32_t iovs_len, uint32_t si_flags,
                        const addr_port *addr, uint32_t *ret_nwritten);
WASIX_IMPORT(sock_send_file)
int32_t wx_sock_send_file(uint32_t out_fd, uint32_t in_fd, uint64_t offset, uint64_t count, uint64_t *ret_sent);
WASIX_IMPORT(sock_status) int32_t wx_sock_status(uint32_t fd, uint8_t *ret_status);
WASIX_IMPORT(sock_addr_local) int32_t wx_sock_addr_local(uint32_t fd, addr_port *ret_addr);
WASIX_IMPORT(sock_addr_peer) int32_t wx_sock_addr_peer(uint32_t fd, addr_port *ret_addr);
WASIX_IMPORT(sock_set_opt_flag) int32_t wx_sock_set_opt_flag(uint32_t fd, uint32_t opt, uint32_t flag);
WASIX_IMPORT(sock_get_opt_flag) int32_t wx_sock_get_opt_flag(uint32_t fd, uint32_t opt, uint8_t *ret_flag);
WASIX_IMPORT(sock_set_opt_time) int32_t wx_sock_set_opt_time(uint32_t fd, uint32_t opt, const option_timestamp *time);
WASIX_IMPORT(sock_get_opt_time) int32_t wx_sock_get_opt_time(uint32_t fd, uint32_t opt, option_timestamp *ret_time);
WASIX_IMPORT(sock_set_opt_size) int32_t wx_sock_set_opt_size(uint32_t fd, uint32_t opt, uint64_t size);
WASIX_IMPORT(sock_get_opt_size) int32_t wx_sock_get_opt_size(uint32_t fd, uint32_t opt, uint64_t *ret_size);
WASIX_IMPORT(sock_join_multicast_v4) int32_t wx_sock_join_multicast_v4(uint32_t fd, const uint8_t *group, const uint8_t *iface);
WASIX_IMPORT(sock_leave_multicast_v4) int32_t wx_sock_leave_multicast_v4(uint32_t fd, const uint8_t *group, const uint8_t *iface);
WASIX_IMPORT(sock_join_multicast_v6) int32_t wx_sock_join_multicast_v6(uint32_t fd, const uint8_t *group, uint32_t iface);
WASIX_IMPORT(sock_leave_multicast_v6) int32_t wx_sock_leave_multicast_v6(uint32_t fd, const uint8_t *group, uint32_t iface);
WASIX_IMPORT(resolve)
int32_t wx_resolve(const char *host, uint32_t host_len, uint32_t port, uint8_t *addrs, uint32_t naddrs, uint32_t *ret_count);
WASIX_IMPORT(epoll_create) int32_t wx_epoll_create(uint32_t *ret_fd);
WASIX_IMPORT(epoll_ctl) int32_t wx_epoll_ctl(uint32_t epfd, uint32_t op, uint32_t fd, const epoll_event_wx *event);
WASIX_IMPORT(epoll_wait)
int32_t wx_epoll_wait(uint32_t epfd, epoll_event_wx *events, uint32_t maxevents, uint64_t timeout, uint32_t *ret_count);
/* preview1 names that wasix_32v1 re-exports */
WASIX_IMPORT(sock_recv)
int32_t wx_sock_recv(uint32_t fd, const __wasi_iovec_t *iovs, uint32_t iovs_len, uint32_t ri_flags, uint32_t *ret_nread,
                     uint16_t *ret_roflags);
WASIX_IMPORT(sock_send)
int32_t wx_sock_send(uint32_t fd, const __wasi_ciovec_t *iovs, uint32_t iovs_len, uint32_t si_flags, uint32_t *ret_nwritten);
WASIX_IMPORT(sock_shutdown) int32_t wx_sock_shutdown(uint32_t fd, uint32_t how);
WASIX_IMPORT(fd_pipe) int32_t wx_fd_pipe(uint32_t *ret_fd1, uint32_t *ret_fd2);

enum { AF_UNSPEC_WX = 0, AF_INET4_WX = 1, AF_INET6_WX = 2, AF_UNIX_WX = 3 };
enum { STREAM = 1, DGRAM = 2, SEQPACKET = 4, TYPE_NONBLOCK = 0x4000, TYPE_CLOEXEC = 0x2000 };
enum { PROTO_TCP = 6, PROTO_UDP = 17 };
enum { ST_OPENING = 0, ST_OPENED = 1, ST_CLOSED = 2, ST_FAILED = 3 };
enum { RI_PEEK = 1, RI_WAITALL = 2, RI_TRUNC = 4, RI_DONT_WAIT = 8, RO_TRUNCATED = 1, SI_DONT_WAIT = 1 };
enum { SHUT_READ = 1, SHUT_WRITE = 2, ACCEPT_NONBLOCK = 4 };
enum {
    WX_ADDRINUSE = 3, WX_ADDRNOTAVAIL = 4, WX_AFNOSUPPORT = 5, WX_CONNREFUSED = 14, WX_NETUNREACH = 40,
    WX_NODEV = 43, WX_NOPROTOOPT = 50, WX_NOTSOCK = 57,
};

static inline addr_port ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port) {
    addr_port addr;
    memset(&addr, 0, sizeof addr);
    addr.b[0] = AF_INET4_WX;
    memcpy(addr.b + 2, &port, 2);
    addr.b[4] = a, addr.b[5] = b, addr.b[6] = c, addr.b[7] = d;
    return addr;
}

static inline addr_port ipv6_loopback(uint16_t port) {
    addr_port addr;
    memset(&addr, 0, sizeof addr);
    addr.b[0] = AF_INET6_WX;
    memcpy(addr.b + 2, &port, 2);
    addr.b[19] = 1; /* ::1 */
    return addr;
}

static inline uint16_t port_of(const addr_port *addr) {
    uint16_t port;
    memcpy(&port, addr->b + 2, 2);
    return port;
}

static inline bool is_ipv4(const addr_port *addr, uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    return addr->b[0] == AF_INET4_WX && addr->b[4] == a && addr->b[5] == b && addr->b[6] == c && addr->b[7] == d;
}

static inline int32_t send_text(uint32_t fd, const char *text, uint32_t *sent) {
    __wasi_ciovec_t iov = {.buf = (const uint8_t *)text, .buf_len = strlen(text)};
    return wx_sock_send(fd, &iov, 1, 0, sent);
}

/* Receives into buf (NUL-terminated; at most size-1 bytes). */
static inline int32_t recv_text(uint32_t fd, char *buf, size_t size, uint32_t *got) {
    __wasi_iovec_t iov = {.buf = (uint8_t *)buf, .buf_len = size - 1};
    uint16_t roflags;
    int32_t err = wx_sock_recv(fd, &iov, 1, 0, got, &roflags);
    buf[err == 0 ? *got : 0] = 0;
    return err;
}

#endif
