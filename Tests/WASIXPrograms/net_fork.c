/* net_fork.c: TCP over loopback between a parent and the child it forks: the parent listens
 * on 127.0.0.1 (port 0, learnt with sock_addr_local) before proc_fork; the child closes its
 * copy of the listener, connects, sends "ping" and expects "pong"; the parent accepts,
 * answers, and joins the child, whose exit code says whether its side held. Built with
 * --allow-net. */
#include "net_test.h"
#include "wasix_process.h"

static bool receive_exactly(uint32_t fd, const char *expected) {
    char buf[32];
    size_t total = 0, want = strlen(expected);
    while (total < want) {
        uint32_t got = 0;
        if (recv_text(fd, buf + total, sizeof buf - total, &got) != 0 || got == 0) return false;
        total += got;
    }
    buf[total] = 0;
    return strcmp(buf, expected) == 0;
}

static int child(uint32_t listener, uint16_t port) {
    if (__wasi_fd_close(listener) != 0) return 10;
    uint32_t fd = 0;
    if (wx_sock_open(AF_INET4_WX, STREAM, PROTO_TCP, &fd) != 0) return 11;
    addr_port server = ipv4(127, 0, 0, 1, port);
    if (wx_sock_connect(fd, &server) != 0) return 12;
    uint32_t sent = 0;
    if (send_text(fd, "ping", &sent) != 0 || sent != 4) return 13;
    if (!receive_exactly(fd, "pong")) return 14;
    return 0;
}

int main(void) {
    uint32_t listener = 0;
    CHECK_EQ(wx_sock_open(AF_INET4_WX, STREAM, PROTO_TCP, &listener), WX_SUCCESS, "sock_open");
    addr_port any_port = ipv4(127, 0, 0, 1, 0);
    CHECK_EQ(wx_sock_bind(listener, &any_port), WX_SUCCESS, "sock_bind");
    CHECK_EQ(wx_sock_listen(listener, 4), WX_SUCCESS, "sock_listen");
    addr_port local;
    CHECK_EQ(wx_sock_addr_local(listener, &local), WX_SUCCESS, "sock_addr_local");
    uint16_t port = port_of(&local);
    CHECK(port != 0, "the listener has a port");

    uint32_t pid = 0;
    CHECK_EQ(wx_proc_fork(1, &pid), WX_SUCCESS, "proc_fork");
    if (pid == 0) __wasi_proc_exit(child(listener, port));

    uint32_t connection = 0;
    addr_port peer;
    CHECK_EQ(wx_sock_accept_v2(listener, 0, &connection, &peer), WX_SUCCESS, "the parent accepts the child");
    CHECK(is_ipv4(&peer, 127, 0, 0, 1), "the child connects from loopback");
    CHECK(receive_exactly(connection, "ping"), "the parent receives the child's ping");
    uint32_t sent = 0;
    CHECK(send_text(connection, "pong", &sent) == 0 && sent == 4, "the parent answers");
    wx_join_status st = join(pid);
    CHECK_EQ(st.tag, JOIN_EXIT_NORMAL, "the child exits normally");
    CHECK_EQ(st.code, 0, "the child's side of the exchange held (exit code 0)");
    CHECK_EQ(__wasi_fd_close(connection), WX_SUCCESS, "connection closed");
    CHECK_EQ(__wasi_fd_close(listener), WX_SUCCESS, "listener closed");
    return 0;
}
