/* net_udp.c: datagrams and socket pairs: sock_send_to/sock_recv_from over 127.0.0.1 with the
 * sender's address, truncation (RECV_DATA_TRUNCATED both ways), PEEK, DONT_WAIT, a datagram
 * socket's status, the same over ::1 when the host has IPv6 loopback, sock_pair (stream and
 * datagram, with wasix-libc's protocol 6 for unix streams), and multicast join/leave on
 * loopback, which prints `skip multicast: ...` when the host has no multicast route.
 * Built with --allow-net. */
#include "net_test.h"

static uint32_t open_dgram(uint32_t af) {
    uint32_t fd = 0;
    CHECK_EQ(wx_sock_open(af, DGRAM, PROTO_UDP, &fd), WX_SUCCESS, af == AF_INET4_WX ? "sock_open dgram" : "sock_open dgram v6");
    return fd;
}

static int32_t send_to(uint32_t fd, const char *text, const addr_port *to, uint32_t flags, uint32_t *sent) {
    __wasi_ciovec_t iov = {.buf = (const uint8_t *)text, .buf_len = strlen(text)};
    return wx_sock_send_to(fd, &iov, 1, flags, to, sent);
}

static int32_t recv_from(uint32_t fd, char *buf, uint32_t size, uint32_t flags, uint32_t *got, uint16_t *roflags,
                         addr_port *from) {
    __wasi_iovec_t iov = {.buf = (uint8_t *)buf, .buf_len = size};
    return wx_sock_recv_from(fd, &iov, 1, flags, got, roflags, from);
}

static void udp_v4(void) {
    uint32_t a = open_dgram(AF_INET4_WX), b = open_dgram(AF_INET4_WX);
    uint8_t status = 0xff;
    CHECK(wx_sock_status(a, &status) == 0 && status == ST_OPENING, "an unbound datagram socket is OPENING");
    addr_port any = ipv4(127, 0, 0, 1, 0), a_addr, b_addr;
    CHECK_EQ(wx_sock_bind(a, &any), WX_SUCCESS, "sock_bind dgram a");
    CHECK_EQ(wx_sock_bind(b, &any), WX_SUCCESS, "sock_bind dgram b");
    CHECK(wx_sock_status(a, &status) == 0 && status == ST_OPENED, "a bound datagram socket is OPENED");
    CHECK(wx_sock_addr_local(a, &a_addr) == 0 && wx_sock_addr_local(b, &b_addr) == 0 && port_of(&a_addr) != 0,
          "datagram sockets have ports");
    __wasi_fdstat_t stat;
    CHECK(__wasi_fd_fdstat_get(a, &stat) == 0 && stat.fs_filetype == __WASI_FILETYPE_SOCKET_DGRAM,
          "a datagram socket is SOCKET_DGRAM");

    uint32_t sent = 0, got = 0;
    uint16_t roflags = 0xffff;
    addr_port from;
    char buf[64];
    CHECK_EQ(send_to(b, "ping", &a_addr, 0, &sent), WX_SUCCESS, "sock_send_to");
    CHECK_EQ(sent, 4, "sock_send_to sends the datagram");
    memset(&from, 0xee, sizeof from);
    CHECK_EQ(recv_from(a, buf, sizeof buf, RI_PEEK, &got, &roflags, &from), WX_SUCCESS, "sock_recv_from PEEK");
    CHECK_EQ(recv_from(a, buf, sizeof buf, 0, &got, &roflags, &from), WX_SUCCESS, "sock_recv_from");
    CHECK(got == 4 && memcmp(buf, "ping", 4) == 0 && roflags == 0, "sock_recv_from data (PEEK left it)");
    CHECK(is_ipv4(&from, 127, 0, 0, 1) && port_of(&from) == port_of(&b_addr), "sock_recv_from gives the sender");

    CHECK_EQ(send_to(a, "0123456789", &b_addr, SI_DONT_WAIT, &sent), WX_SUCCESS, "sock_send_to SEND_DONT_WAIT");
    CHECK_EQ(recv_from(b, buf, 4, 0, &got, &roflags, &from), WX_SUCCESS, "sock_recv_from into a short buffer");
    CHECK(got == 4 && roflags == RO_TRUNCATED, "a truncated datagram says RECV_DATA_TRUNCATED");
    CHECK(port_of(&from) == port_of(&a_addr), "the reply comes from a");
    CHECK_EQ(send_to(a, "0123456789", &b_addr, 0, &sent), WX_SUCCESS, "second datagram");
    CHECK_EQ(recv_from(b, buf, 4, RI_TRUNC, &got, &roflags, &from), WX_SUCCESS, "sock_recv_from RECV_DATA_TRUNCATED");
    CHECK_EQ(got, 10, "RECV_DATA_TRUNCATED gives the datagram's whole length");
    CHECK_EQ(recv_from(b, buf, sizeof buf, RI_DONT_WAIT, &got, &roflags, &from), WX_AGAIN, "RECV_DONT_WAIT with nothing queued");

    /* errors */
    CHECK_EQ(recv_from(b, buf, sizeof buf, 0x10, &got, &roflags, &from), WX_INVAL, "sock_recv_from unknown riflags");
    CHECK_EQ(send_to(b, "x", &a_addr, 2, &sent), WX_INVAL, "sock_send_to unknown siflags");
    CHECK_EQ(wx_sock_recv_from(b, (const __wasi_iovec_t *)buf, 1, 0, &got, &roflags, (addr_port *)0xffffffa0u), WX_FAULT,
             "sock_recv_from address checked");
    __wasi_ciovec_t wild = {.buf = (const uint8_t *)0xfffffff0u, .buf_len = 100};
    CHECK_EQ(wx_sock_send_to(b, &wild, 1, 0, &a_addr, &sent), WX_FAULT, "sock_send_to buffers checked");
    CHECK_EQ(send_to(1, "x", &a_addr, 0, &sent), WX_NOTSOCK, "sock_send_to on stdout");
    CHECK(__wasi_fd_close(a) == 0 && __wasi_fd_close(b) == 0, "datagram sockets closed");
}

static void udp_v6(void) {
    uint32_t a = 0, b = 0;
    if (wx_sock_open(AF_INET6_WX, DGRAM, 0, &a) != 0) {
        printf("skip ipv6: no IPv6 sockets\n");
        return;
    }
    addr_port any = ipv6_loopback(0), a_addr;
    int32_t err = wx_sock_bind(a, &any);
    if (err == WX_ADDRNOTAVAIL || err == WX_AFNOSUPPORT) {
        printf("skip ipv6: no ::1 (errno %d)\n", (int)err);
        (void)__wasi_fd_close(a);
        return;
    }
    CHECK_EQ(err, WX_SUCCESS, "sock_bind [::1]:0");
    b = open_dgram(AF_INET6_WX);
    CHECK_EQ(wx_sock_bind(b, &any), WX_SUCCESS, "sock_bind second [::1]:0");
    CHECK_EQ(wx_sock_addr_local(a, &a_addr), WX_SUCCESS, "sock_addr_local v6");
    CHECK(a_addr.b[0] == AF_INET6_WX && a_addr.b[19] == 1 && port_of(&a_addr) != 0, "sock_addr_local gives ::1 and a port");
    uint32_t sent = 0, got = 0;
    uint16_t roflags;
    addr_port from, b_addr;
    char buf[16];
    CHECK_EQ(send_to(b, "six", &a_addr, 0, &sent), WX_SUCCESS, "sock_send_to v6");
    CHECK_EQ(recv_from(a, buf, sizeof buf, 0, &got, &roflags, &from), WX_SUCCESS, "sock_recv_from v6");
    CHECK(wx_sock_addr_local(b, &b_addr) == 0 && from.b[0] == AF_INET6_WX && memcmp(from.b + 4, b_addr.b + 4, 16) == 0 &&
              port_of(&from) == port_of(&b_addr),
          "sock_recv_from v6 gives the sender");
    CHECK(__wasi_fd_close(a) == 0 && __wasi_fd_close(b) == 0, "v6 sockets closed");
    printf("ok ipv6 done\n");
}

static void pairs(void) {
    uint32_t x = 0, y = 0, n = 0;
    char buf[32];
    CHECK_EQ(wx_sock_pair(AF_UNIX_WX, STREAM, PROTO_TCP, &x, &y), WX_SUCCESS, "sock_pair unix stream (protocol 6)");
    CHECK(send_text(x, "pair", &n) == 0 && recv_text(y, buf, sizeof buf, &n) == 0 && strcmp(buf, "pair") == 0,
          "sock_pair carries data one way");
    CHECK(send_text(y, "back", &n) == 0 && recv_text(x, buf, sizeof buf, &n) == 0 && strcmp(buf, "back") == 0,
          "sock_pair carries data the other way");
    addr_port local;
    CHECK(wx_sock_addr_local(x, &local) == 0 && local.b[0] == AF_UNIX_WX && local.b[2] == 0,
          "a socket pair's address is an unnamed unix address");
    uint8_t status;
    CHECK(wx_sock_status(x, &status) == 0 && status == ST_OPENED, "a socket pair is OPENED");
    CHECK(__wasi_fd_close(x) == 0 && __wasi_fd_close(y) == 0, "socket pair closed");
    CHECK_EQ(wx_sock_pair(AF_UNIX_WX, DGRAM, 0, &x, &y), WX_SUCCESS, "sock_pair unix dgram");
    __wasi_fdstat_t stat;
    CHECK(__wasi_fd_fdstat_get(y, &stat) == 0 && stat.fs_filetype == __WASI_FILETYPE_SOCKET_DGRAM,
          "a datagram pair is SOCKET_DGRAM");
    CHECK(__wasi_fd_close(x) == 0 && __wasi_fd_close(y) == 0, "datagram pair closed");
    CHECK_EQ(wx_sock_pair(AF_UNIX_WX, SEQPACKET, 0, &x, &y), WX_SUCCESS, "sock_pair unix seqpacket");
    CHECK(__wasi_fd_fdstat_get(y, &stat) == 0 && stat.fs_filetype == 9, "a seqpacket pair has WASIX's SOCKET_SEQPACKET");
    CHECK(__wasi_fd_close(x) == 0 && __wasi_fd_close(y) == 0, "seqpacket pair closed");
    CHECK_EQ(wx_sock_pair(AF_UNIX_WX, STREAM, 0, &x, (uint32_t *)0xfffffffeu), WX_FAULT, "sock_pair pointers checked");
}

static void multicast(void) {
    uint32_t s = open_dgram(AF_INET4_WX);
    const uint8_t group[4] = {239, 255, 42, 99}, loopback[4] = {127, 0, 0, 1};
    int32_t err = wx_sock_join_multicast_v4(s, group, loopback);
    CHECK(err == WX_SUCCESS || err == WX_NODEV || err == WX_ADDRNOTAVAIL, "sock_join_multicast_v4 answers success or NODEV/ADDRNOTAVAIL");
    if (err == WX_SUCCESS) {
        CHECK_EQ(wx_sock_leave_multicast_v4(s, group, loopback), WX_SUCCESS, "sock_leave_multicast_v4");
        CHECK_EQ(wx_sock_leave_multicast_v4(s, group, loopback), WX_ADDRNOTAVAIL, "leaving a group not joined");
        printf("ok multicast v4 done\n");
    } else {
        printf("skip multicast: join v4 gave errno %d\n", (int)err);
    }
    CHECK_EQ(wx_sock_join_multicast_v4(s, (const uint8_t *)0xfffffffeu, loopback), WX_FAULT, "multicast group checked");
    CHECK_EQ(wx_sock_join_multicast_v4(1, group, loopback), WX_NOTSOCK, "multicast on stdout");
    CHECK_EQ(__wasi_fd_close(s), WX_SUCCESS, "multicast socket closed");

    uint32_t s6 = 0;
    if (wx_sock_open(AF_INET6_WX, DGRAM, 0, &s6) != 0) {
        printf("skip multicast v6: no IPv6 sockets\n");
        return;
    }
    uint8_t group6[16] = {0xff, 0x02, [15] = 0x7b}; /* ff02::7b, link-local scope */
    err = wx_sock_join_multicast_v6(s6, group6, 1 /* lo is interface 1 */);
    CHECK(err == WX_SUCCESS || err == WX_NODEV || err == WX_ADDRNOTAVAIL, "sock_join_multicast_v6 answers success or NODEV/ADDRNOTAVAIL");
    if (err == WX_SUCCESS) {
        CHECK_EQ(wx_sock_leave_multicast_v6(s6, group6, 1), WX_SUCCESS, "sock_leave_multicast_v6");
        printf("ok multicast v6 done\n");
    } else {
        printf("skip multicast v6: join gave errno %d\n", (int)err);
    }
    CHECK_EQ(__wasi_fd_close(s6), WX_SUCCESS, "multicast v6 socket closed");
}

int main(void) {
    udp_v4();
    udp_v6();
    pairs();
    multicast();
    return wasix_failures;
}
