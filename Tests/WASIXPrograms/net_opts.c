/* net_opts.c: socket options: flags (REUSE_ADDR, NO_DELAY, KEEP_ALIVE, LISTENING), sizes
 * (RECV_BUF_SIZE, TTL, TYPE, PROTO), times (RECV_TIMEOUT, whose effect is checked with a short
 * timeout on an empty socket, and LINGER), and the refusals: wrong kind, read-only, no host
 * option, unknown option, not a socket. Built with --allow-net. */
#include "net_test.h"

enum {
    REUSE_ADDR = 2, NO_DELAY = 3, LISTENING = 10, LAST_ERROR = 11, KEEP_ALIVE = 12, LINGER = 13,
    RECV_BUF_SIZE = 15, RECV_TIMEOUT = 19, CONNECT_TIMEOUT = 21, TTL = 23, TYPE = 25, PROTO = 26,
};

static uint8_t get_flag(uint32_t fd, uint32_t opt) {
    uint8_t flag = 0xff;
    return wx_sock_get_opt_flag(fd, opt, &flag) == 0 ? flag : 0xfe;
}

static uint64_t get_size(uint32_t fd, uint32_t opt) {
    uint64_t size = 0;
    return wx_sock_get_opt_size(fd, opt, &size) == 0 ? size : UINT64_MAX;
}

int main(void) {
    uint32_t tcp = 0, udp = 0;
    CHECK_EQ(wx_sock_open(AF_INET4_WX, STREAM, PROTO_TCP, &tcp), WX_SUCCESS, "sock_open tcp");
    CHECK_EQ(wx_sock_open(AF_INET4_WX, DGRAM, PROTO_UDP, &udp), WX_SUCCESS, "sock_open udp");

    CHECK_EQ(get_flag(tcp, REUSE_ADDR), 0, "REUSE_ADDR starts off");
    CHECK_EQ(wx_sock_set_opt_flag(tcp, REUSE_ADDR, 1), WX_SUCCESS, "set REUSE_ADDR");
    CHECK_EQ(get_flag(tcp, REUSE_ADDR), 1, "REUSE_ADDR reads back on");
    CHECK_EQ(wx_sock_set_opt_flag(tcp, REUSE_ADDR, 0), WX_SUCCESS, "clear REUSE_ADDR");
    CHECK_EQ(get_flag(tcp, REUSE_ADDR), 0, "REUSE_ADDR reads back off");
    CHECK_EQ(wx_sock_set_opt_flag(tcp, NO_DELAY, 1), WX_SUCCESS, "set NO_DELAY");
    CHECK_EQ(get_flag(tcp, NO_DELAY), 1, "NO_DELAY reads back on");
    CHECK_EQ(wx_sock_set_opt_flag(tcp, KEEP_ALIVE, 1), WX_SUCCESS, "set KEEP_ALIVE");
    CHECK_EQ(get_flag(tcp, KEEP_ALIVE), 1, "KEEP_ALIVE reads back on");
    CHECK_EQ(get_flag(tcp, LISTENING), 0, "LISTENING is off before listen");
    addr_port any = ipv4(127, 0, 0, 1, 0);
    CHECK(wx_sock_bind(tcp, &any) == 0 && wx_sock_listen(tcp, 1) == 0, "bind and listen");
    CHECK_EQ(get_flag(tcp, LISTENING), 1, "LISTENING is on after listen");

    CHECK_EQ(wx_sock_set_opt_size(udp, RECV_BUF_SIZE, 65536), WX_SUCCESS, "set RECV_BUF_SIZE");
    CHECK(get_size(udp, RECV_BUF_SIZE) >= 65536 && get_size(udp, RECV_BUF_SIZE) != UINT64_MAX,
          "RECV_BUF_SIZE reads back at least what was set");
    CHECK_EQ(wx_sock_set_opt_size(udp, TTL, 33), WX_SUCCESS, "set TTL");
    CHECK_EQ(get_size(udp, TTL), 33, "TTL reads back");
    CHECK_EQ(get_size(tcp, TYPE), STREAM, "TYPE of a stream socket");
    CHECK_EQ(get_size(udp, TYPE), DGRAM, "TYPE of a datagram socket");
    CHECK_EQ(get_size(tcp, PROTO), PROTO_TCP, "PROTO of a TCP socket");
    CHECK_EQ(get_size(udp, PROTO), PROTO_UDP, "PROTO of a UDP socket");
    CHECK_EQ(get_size(udp, LAST_ERROR), 0, "LAST_ERROR with no error");

    option_timestamp t = {.tag = 1, .ns = 1500000000};
    CHECK_EQ(wx_sock_set_opt_time(udp, RECV_TIMEOUT, &t), WX_SUCCESS, "set RECV_TIMEOUT 1.5 s");
    option_timestamp back = {.tag = 9, .ns = 9};
    CHECK(wx_sock_get_opt_time(udp, RECV_TIMEOUT, &back) == 0 && back.tag == 1 && back.ns == 1500000000,
          "RECV_TIMEOUT reads back");
    t = (option_timestamp){.tag = 0, .ns = 0};
    CHECK_EQ(wx_sock_set_opt_time(udp, RECV_TIMEOUT, &t), WX_SUCCESS, "set RECV_TIMEOUT NONE");
    CHECK(wx_sock_get_opt_time(udp, RECV_TIMEOUT, &back) == 0 && back.tag == 0, "RECV_TIMEOUT NONE reads back");
    /* the timeout acts: a receive on an empty, bound socket gives up */
    CHECK(wx_sock_bind(udp, &any) == 0, "bind udp");
    t = (option_timestamp){.tag = 1, .ns = 20000000};
    CHECK_EQ(wx_sock_set_opt_time(udp, RECV_TIMEOUT, &t), WX_SUCCESS, "set RECV_TIMEOUT 20 ms");
    char buf[8];
    uint32_t got = 0;
    CHECK_EQ(recv_text(udp, buf, sizeof buf, &got), WX_AGAIN, "a receive past RECV_TIMEOUT is AGAIN");
    t = (option_timestamp){.tag = 1, .ns = 2000000000};
    CHECK_EQ(wx_sock_set_opt_time(tcp, LINGER, &t), WX_SUCCESS, "set LINGER 2 s");
    CHECK(wx_sock_get_opt_time(tcp, LINGER, &back) == 0 && back.tag == 1 && back.ns == 2000000000, "LINGER reads back");

    CHECK_EQ(wx_sock_set_opt_flag(udp, RECV_BUF_SIZE, 1), WX_INVAL, "a size option through the flag call");
    CHECK_EQ(wx_sock_set_opt_size(udp, RECV_TIMEOUT, 1), WX_INVAL, "a time option through the size call");
    CHECK_EQ(wx_sock_set_opt_size(udp, TYPE, 1), WX_NOPROTOOPT, "TYPE cannot be set");
    CHECK_EQ(wx_sock_set_opt_flag(tcp, LISTENING, 1), WX_NOPROTOOPT, "LISTENING cannot be set");
    CHECK_EQ(wx_sock_set_opt_time(tcp, CONNECT_TIMEOUT, &t), WX_NOTSUP, "CONNECT_TIMEOUT has no host option");
    CHECK_EQ(wx_sock_set_opt_flag(tcp, 99, 1), WX_INVAL, "an unknown option");
    CHECK_EQ(wx_sock_set_opt_flag(tcp, 0, 1), WX_SUCCESS, "NOOP succeeds");
    t.tag = 7;
    CHECK_EQ(wx_sock_set_opt_time(tcp, LINGER, &t), WX_INVAL, "an option_timestamp with a bad tag");
    CHECK_EQ(wx_sock_set_opt_size(udp, RECV_BUF_SIZE, UINT64_C(1) << 40), WX_INVAL, "a size beyond int");
    uint8_t flag;
    CHECK_EQ(wx_sock_get_opt_flag(1, REUSE_ADDR, &flag), WX_NOTSOCK, "options of stdout");
    CHECK_EQ(wx_sock_get_opt_flag(99, REUSE_ADDR, &flag), WX_BADF, "options of a closed number");
    CHECK_EQ(wx_sock_get_opt_size(udp, TTL, (uint64_t *)0xfffffffcu), WX_FAULT, "get_opt_size pointer checked");
    CHECK_EQ(wx_sock_set_opt_time(udp, LINGER, (const option_timestamp *)0xfffffff8u), WX_FAULT,
             "set_opt_time pointer checked");
    CHECK(__wasi_fd_close(tcp) == 0 && __wasi_fd_close(udp) == 0, "sockets closed");
    return wasix_failures;
}
