/* net_policy.c: the network grants, by mode (argv[1]):
 *   none            built without --allow-net: sock_open and resolve are NOTCAPABLE, sock_pair
 *                   (which reaches nothing outside the process) still works;
 *   list P1 P2 P3   built with --allow-net-to 127.0.0.1:P1 --allow-net-to localhost:P2: bind,
 *                   connect and send_to reach P1 on 127.0.0.1 (also as ::ffff:127.0.0.1) and P2
 *                   on localhost's addresses, nothing else (P3, port 0, 0.0.0.0, ::1 on P1,
 *                   unix paths); resolve reaches only "localhost".
 * P1..P3 are free ports the test chose. */
#include <stdlib.h>

#include "net_test.h"

static void without_grant(void) {
    uint32_t fd = 0, x = 0, y = 0, count = 0;
    uint8_t addrs[18 * 4];
    CHECK_EQ(wx_sock_open(AF_INET4_WX, STREAM, PROTO_TCP, &fd), WX_NOTCAPABLE, "sock_open without --allow-net");
    CHECK_EQ(wx_sock_open(AF_INET6_WX, DGRAM, 0, &fd), WX_NOTCAPABLE, "sock_open v6 without --allow-net");
    CHECK_EQ(wx_sock_open(AF_UNIX_WX, STREAM, 0, &fd), WX_NOTCAPABLE, "sock_open unix without --allow-net");
    CHECK_EQ(wx_resolve("localhost", 9, 0, addrs, 4, &count), WX_NOTCAPABLE, "resolve without --allow-net");
    CHECK_EQ(wx_sock_pair(AF_UNIX_WX, STREAM, PROTO_TCP, &x, &y), WX_SUCCESS, "sock_pair without --allow-net");
    char buf[8];
    uint32_t n;
    CHECK(send_text(x, "ok", &n) == 0 && recv_text(y, buf, sizeof buf, &n) == 0 && strcmp(buf, "ok") == 0,
          "the pair carries data");
    CHECK(__wasi_fd_close(x) == 0 && __wasi_fd_close(y) == 0, "pair closed");
}

static uint32_t open_socket(uint32_t af, uint32_t type) {
    uint32_t fd = 0;
    CHECK_EQ(wx_sock_open(af, type, 0, &fd), WX_SUCCESS, "sock_open with --allow-net-to");
    return fd;
}

static void with_list(uint16_t p1, uint16_t p2, uint16_t p3) {
    uint32_t listener = open_socket(AF_INET4_WX, STREAM);
    addr_port allowed = ipv4(127, 0, 0, 1, p1), by_name = ipv4(127, 0, 0, 1, p2), other = ipv4(127, 0, 0, 1, p3);
    addr_port ephemeral = ipv4(127, 0, 0, 1, 0), wildcard = ipv4(0, 0, 0, 0, p1);
    CHECK_EQ(wx_sock_bind(listener, &ephemeral), WX_NOTCAPABLE, "bind to port 0 is not in the list");
    CHECK_EQ(wx_sock_bind(listener, &wildcard), WX_NOTCAPABLE, "bind to 0.0.0.0:P1 is not 127.0.0.1:P1");
    CHECK_EQ(wx_sock_bind(listener, &other), WX_NOTCAPABLE, "bind to another port");
    CHECK_EQ(wx_sock_bind(listener, &allowed), WX_SUCCESS, "bind to the allowed endpoint");
    CHECK_EQ(wx_sock_listen(listener, 4), WX_SUCCESS, "listen on the allowed endpoint");

    uint32_t client = open_socket(AF_INET4_WX, STREAM);
    CHECK_EQ(wx_sock_connect(client, &other), WX_NOTCAPABLE, "connect to another port");
    CHECK_EQ(wx_sock_connect(client, &allowed), WX_SUCCESS, "connect to the allowed endpoint");
    uint32_t server = 0;
    addr_port peer;
    CHECK_EQ(wx_sock_accept_v2(listener, 0, &server, &peer), WX_SUCCESS, "accept from the allowed endpoint");
    uint32_t refused = open_socket(AF_INET4_WX, STREAM);
    CHECK_EQ(wx_sock_connect(refused, &by_name), WX_CONNREFUSED, "an entry naming localhost allows 127.0.0.1:P2");

    uint32_t udp = open_socket(AF_INET4_WX, DGRAM), sent = 0;
    __wasi_ciovec_t iov = {.buf = (const uint8_t *)"u", .buf_len = 1};
    CHECK_EQ(wx_sock_send_to(udp, &iov, 1, 0, &other, &sent), WX_NOTCAPABLE, "send_to another port");
    CHECK_EQ(wx_sock_send_to(udp, &iov, 1, 0, &allowed, &sent), WX_SUCCESS, "send_to the allowed endpoint");

    uint32_t six = 0;
    if (wx_sock_open(AF_INET6_WX, STREAM, 0, &six) == 0) {
        addr_port loop6 = ipv6_loopback(p1), mapped = ipv6_loopback(p1);
        CHECK_EQ(wx_sock_connect(six, &loop6), WX_NOTCAPABLE, "[::1]:P1 is not 127.0.0.1:P1");
        memset(mapped.b + 4, 0, 16);
        mapped.b[14] = mapped.b[15] = 0xff;
        mapped.b[16] = 127, mapped.b[19] = 1;
        CHECK_EQ(wx_sock_connect(six, &mapped), WX_SUCCESS, "[::ffff:127.0.0.1]:P1 is 127.0.0.1:P1");
        (void)__wasi_fd_close(six);
    } else {
        printf("skip ipv6 policy: no IPv6 sockets\n");
    }

    uint32_t local = open_socket(AF_UNIX_WX, STREAM);
    addr_port path;
    memset(&path, 0, sizeof path);
    path.b[0] = AF_UNIX_WX;
    memcpy(path.b + 2, "/tmp/bs-aot-policy.sock", 23);
    CHECK_EQ(wx_sock_connect(local, &path), WX_NOTCAPABLE, "a unix path is not in a HOST:PORT list");

    uint8_t addrs[18 * 4];
    uint32_t count = 0;
    CHECK_EQ(wx_resolve("localhost", 9, 0, addrs, 4, &count), WX_SUCCESS, "resolve of a listed name");
    CHECK_EQ(wx_resolve("LocalHost", 9, 0, addrs, 4, &count), WX_SUCCESS, "resolve compares names without case");
    CHECK_EQ(wx_resolve("example.com", 11, 0, addrs, 4, &count), WX_NOTCAPABLE, "resolve of a name not listed");
    CHECK(__wasi_fd_close(listener) == 0 && __wasi_fd_close(client) == 0 && __wasi_fd_close(server) == 0 &&
              __wasi_fd_close(refused) == 0 && __wasi_fd_close(udp) == 0 && __wasi_fd_close(local) == 0,
          "policy sockets closed");
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "none") == 0) without_grant();
    else if (argc >= 5 && strcmp(argv[1], "list") == 0)
        with_list((uint16_t)atoi(argv[2]), (uint16_t)atoi(argv[3]), (uint16_t)atoi(argv[4]));
    else {
        printf("FAIL usage: net_policy none | list P1 P2 P3\n");
        return 1;
    }
    return wasix_failures;
}
