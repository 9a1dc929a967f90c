/* net_tcp.c: TCP over loopback in one process: sock_open, sock_bind to 127.0.0.1 port 0,
 * sock_listen, sock_addr_local to learn the port, sock_connect, sock_accept_v2 (and its
 * wasix_32v1 alias sock_accept) with the peer's address, data both ways (sock_send/sock_recv,
 * fd_write/fd_read, sock_recv_from on a connection), sock_addr_peer, sock_status through a
 * connection's life, sock_shutdown, nonblocking sockets and accepts, sock_send_file from a
 * file in the pre-opened `sandbox` (fd 3), and the error cases. Built with --allow-net
 * --dir sandbox::sandbox. */
#include "net_test.h"

enum { SANDBOX = 3 };

static uint32_t open_stream(void) {
    uint32_t fd = 0;
    CHECK_EQ(wx_sock_open(AF_INET4_WX, STREAM, PROTO_TCP, &fd), WX_SUCCESS, "sock_open stream");
    return fd;
}

static uint8_t status(uint32_t fd) {
    uint8_t s = 0xff;
    if (wx_sock_status(fd, &s) != 0) return 0xfe;
    return s;
}

static void send_file(uint32_t sender, uint32_t receiver) {
    static const char contents[] = "0123456789abcdefghij";
    __wasi_fd_t file;
    int32_t err = __wasi_path_open(SANDBOX, 0, "sendfile.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
                                   __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK |
                                       __WASI_RIGHTS_FD_TELL,
                                   0, 0, &file);
    CHECK_EQ(err, WX_SUCCESS, "sendfile source opened");
    __wasi_ciovec_t iov = {.buf = (const uint8_t *)contents, .buf_len = sizeof contents - 1};
    size_t written = 0;
    CHECK_EQ(__wasi_fd_write(file, &iov, 1, &written), WX_SUCCESS, "sendfile source written");
    uint64_t sent = 0;
    CHECK_EQ(wx_sock_send_file(sender, file, 5, 10, &sent), WX_SUCCESS, "sock_send_file");
    CHECK_EQ(sent, 10, "sock_send_file sends count bytes");
    char buf[32];
    uint32_t got = 0, total = 0;
    while (total < 10 && recv_text(receiver, buf + total, sizeof buf - total, &got) == 0 && got > 0) total += got;
    buf[total] = 0;
    CHECK(strcmp(buf, "56789abcde") == 0, "sock_send_file sends from the offset");
    __wasi_filesize_t position = 99;
    CHECK(__wasi_fd_tell(file, &position) == 0 && position == sizeof contents - 1,
          "sock_send_file leaves the file offset alone");
    CHECK_EQ(wx_sock_send_file(sender, file, 15, 100, &sent), WX_SUCCESS, "sock_send_file past the end");
    CHECK_EQ(sent, 5, "sock_send_file stops at the end of the file");
    while (total < 15 && recv_text(receiver, buf + total, sizeof buf - total, &got) == 0 && got > 0) total += got;
    CHECK_EQ(wx_sock_send_file(file, file, 0, 1, &sent), WX_NOTSOCK, "sock_send_file to a non-socket");
    CHECK_EQ(wx_sock_send_file(sender, file, 0, 1, (uint64_t *)0xfffffff0u), WX_FAULT, "sock_send_file pointer checked");
    CHECK_EQ(wx_sock_send_file(sender, 99, 0, 1, &sent), WX_BADF, "sock_send_file from a closed number");
    CHECK_EQ(__wasi_fd_close(file), WX_SUCCESS, "sendfile source closed");
    CHECK_EQ(__wasi_path_unlink_file(SANDBOX, "sendfile.txt"), WX_SUCCESS, "sendfile source removed");
}

int main(void) {
    uint32_t listener = open_stream();
    CHECK_EQ(wx_sock_set_opt_flag(listener, 2 /* REUSE_ADDR */, 1), WX_SUCCESS, "REUSE_ADDR on the listener");
    CHECK_EQ(status(listener), ST_OPENING, "a new socket is OPENING");
    addr_port any_port = ipv4(127, 0, 0, 1, 0);
    CHECK_EQ(wx_sock_bind(listener, &any_port), WX_SUCCESS, "sock_bind 127.0.0.1:0");
    CHECK_EQ(wx_sock_listen(listener, 8), WX_SUCCESS, "sock_listen");
    CHECK_EQ(status(listener), ST_OPENED, "a listener is OPENED");
    addr_port local;
    CHECK_EQ(wx_sock_addr_local(listener, &local), WX_SUCCESS, "sock_addr_local");
    uint16_t port = port_of(&local);
    CHECK(is_ipv4(&local, 127, 0, 0, 1) && port != 0, "sock_addr_local gives 127.0.0.1 and a port");

    uint32_t pending = 0;
    addr_port peer;
    /* accept's flags are the new descriptor's; the listener's own NONBLOCK makes accept not wait */
    CHECK_EQ(__wasi_fd_fdstat_set_flags(listener, __WASI_FDFLAGS_NONBLOCK), WX_SUCCESS, "listener made nonblocking");
    CHECK_EQ(wx_sock_accept_v2(listener, 0, &pending, &peer), WX_AGAIN,
             "sock_accept_v2 on a nonblocking listener with no connection");
    CHECK_EQ(__wasi_fd_fdstat_set_flags(listener, 0), WX_SUCCESS, "listener made blocking again");

    uint32_t client = open_stream();
    addr_port target = ipv4(127, 0, 0, 1, port);
    CHECK_EQ(wx_sock_connect(client, &target), WX_SUCCESS, "sock_connect to the listener");
    CHECK_EQ(status(client), ST_OPENED, "a connected socket is OPENED");
    addr_port client_local, client_peer;
    CHECK_EQ(wx_sock_addr_local(client, &client_local), WX_SUCCESS, "sock_addr_local of the client");
    CHECK_EQ(wx_sock_addr_peer(client, &client_peer), WX_SUCCESS, "sock_addr_peer of the client");
    CHECK(is_ipv4(&client_peer, 127, 0, 0, 1) && port_of(&client_peer) == port, "sock_addr_peer is the listener");

    uint32_t server = 0;
    memset(&peer, 0xee, sizeof peer);
    CHECK_EQ(wx_sock_accept_v2(listener, 0, &server, &peer), WX_SUCCESS, "sock_accept_v2");
    CHECK(is_ipv4(&peer, 127, 0, 0, 1) && port_of(&peer) == port_of(&client_local),
          "sock_accept_v2 gives the client's address");
    CHECK(peer.b[1] == 0 && peer.b[8] == 0 && peer.b[109] == 0, "sock_accept_v2 zeroes the rest of addr_port_t");
    __wasi_fdstat_t stat;
    CHECK(__wasi_fd_fdstat_get(server, &stat) == 0 && stat.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM,
          "an accepted socket is SOCKET_STREAM");
    CHECK(__wasi_fd_fdstat_get(client, &stat) == 0 && stat.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM &&
              (stat.fs_rights_base & __WASI_RIGHTS_SOCK_SHUTDOWN),
          "sock_open gives SOCKET_STREAM with SOCK_SHUTDOWN");

    char buf[64];
    uint32_t n = 0;
    CHECK(send_text(client, "hello server", &n) == 0 && n == 12, "sock_send client to server");
    CHECK(recv_text(server, buf, sizeof buf, &n) == 0 && strcmp(buf, "hello server") == 0, "sock_recv on the server");
    __wasi_ciovec_t out = {.buf = (const uint8_t *)"hi client", .buf_len = 9};
    size_t moved = 0;
    CHECK(__wasi_fd_write(server, &out, 1, &moved) == 0 && moved == 9, "fd_write on an accepted socket");
    __wasi_iovec_t in = {.buf = (uint8_t *)buf, .buf_len = sizeof buf};
    CHECK(__wasi_fd_read(client, &in, 1, &moved) == 0 && moved == 9 && memcmp(buf, "hi client", 9) == 0,
          "fd_read on a sock_open socket");

    CHECK(send_text(client, "from", &n) == 0, "sock_send for recv_from");
    uint16_t roflags = 0xffff;
    addr_port from;
    uint32_t nread = 0;
    in.buf_len = 4;
    CHECK_EQ(wx_sock_recv_from(server, &in, 1, 0, &nread, &roflags, &from), WX_SUCCESS, "sock_recv_from on a connection");
    CHECK(nread == 4 && roflags == 0 && memcmp(buf, "from", 4) == 0, "sock_recv_from data");
    CHECK(is_ipv4(&from, 127, 0, 0, 1) && port_of(&from) == port_of(&client_local),
          "sock_recv_from on a connection names the peer");

    send_file(server, client);

    /* a nonblocking socket from SOCK_NONBLOCK in the type, and an accept with NONBLOCK */
    uint32_t quiet = 0;
    CHECK_EQ(wx_sock_open(AF_INET4_WX, STREAM | TYPE_NONBLOCK | TYPE_CLOEXEC, 0, &quiet), WX_SUCCESS,
             "sock_open with SOCK_NONBLOCK|SOCK_CLOEXEC and protocol 0");
    int32_t err = wx_sock_connect(quiet, &target);
    CHECK(err == WX_SUCCESS || err == 26 /* INPROGRESS */, "nonblocking sock_connect");
    uint32_t quiet_server = 0;
    CHECK_EQ(wx_sock_accept(listener, ACCEPT_NONBLOCK, &quiet_server, &peer), WX_SUCCESS,
             "sock_accept (the wasix_32v1 name) with NONBLOCK");
    CHECK(__wasi_fd_fdstat_get(quiet_server, &stat) == 0 && (stat.fs_flags & __WASI_FDFLAGS_NONBLOCK),
          "NONBLOCK accept gives a nonblocking descriptor");
    in.buf_len = sizeof buf;
    CHECK_EQ(wx_sock_recv_from(quiet_server, &in, 1, 0, &nread, &roflags, &from), WX_AGAIN,
             "recv on an empty nonblocking socket is AGAIN");
    CHECK_EQ(wx_sock_recv_from(server, &in, 1, RI_DONT_WAIT, &nread, &roflags, &from), WX_AGAIN,
             "RECV_DONT_WAIT on an empty socket is AGAIN");
    CHECK(__wasi_fd_close(quiet) == 0 && __wasi_fd_close(quiet_server) == 0, "nonblocking sockets closed");

    /* shutdown and status */
    CHECK_EQ(wx_sock_shutdown(client, SHUT_WRITE), WX_SUCCESS, "sock_shutdown WR");
    CHECK(recv_text(server, buf, sizeof buf, &n) == 0 && n == 0, "the peer reads end-of-stream");
    CHECK_EQ(status(client), ST_OPENED, "a half-closed connection is still OPENED");
    CHECK_EQ(wx_sock_shutdown(server, SHUT_WRITE), WX_SUCCESS, "sock_shutdown WR on the server");
    CHECK(recv_text(client, buf, sizeof buf, &n) == 0 && n == 0, "the client reads end-of-stream");
    CHECK_EQ(status(client), ST_CLOSED, "a connection shut down both ways is CLOSED");

    /* error cases */
    CHECK_EQ(wx_sock_bind(1, &any_port), WX_NOTSOCK, "sock_bind on stdout");
    CHECK_EQ(wx_sock_bind(99, &any_port), WX_BADF, "sock_bind on a closed number");
    CHECK_EQ(wx_sock_bind(client, (const addr_port *)0xfffffff0u), WX_FAULT, "sock_bind address checked");
    addr_port bad = any_port;
    bad.b[0] = 9;
    CHECK_EQ(wx_sock_connect(client, &bad), WX_AFNOSUPPORT, "sock_connect with an unknown family");
    CHECK_EQ(wx_sock_open(0, STREAM, 0, &n), WX_AFNOSUPPORT, "sock_open UNSPEC");
    CHECK_EQ(wx_sock_open(AF_INET4_WX, 7, 0, &n), WX_INVAL, "sock_open with an unknown type");
    CHECK_EQ(wx_sock_open(AF_INET4_WX, STREAM, 0, (uint32_t *)0xfffffffeu), WX_FAULT, "sock_open pointer checked");
    CHECK_EQ(wx_sock_accept_v2(listener, 1, &server, &peer), WX_INVAL, "sock_accept_v2 with a flag other than NONBLOCK");
    CHECK_EQ(wx_sock_accept_v2(listener, 0, &server, (addr_port *)0xffffff90u), WX_FAULT, "sock_accept_v2 address checked");
    CHECK_EQ(wx_sock_listen(SANDBOX, 1), WX_NOTSOCK, "sock_listen on a directory");
    uint8_t s;
    CHECK_EQ(wx_sock_status(SANDBOX, &s), WX_NOTSOCK, "sock_status on a directory");
    CHECK_EQ(wx_sock_addr_peer(listener, &peer), 53 /* NOTCONN */, "sock_addr_peer of a listener");

    CHECK_EQ(__wasi_fd_close(client), WX_SUCCESS, "fd_close of a socket");
    CHECK_EQ(__wasi_fd_close(server), WX_SUCCESS, "fd_close of an accepted socket");
    CHECK_EQ(__wasi_fd_close(listener), WX_SUCCESS, "fd_close of a listener");
    CHECK_EQ(wx_sock_status(client, &s), WX_BADF, "sock_status after fd_close");
    return wasix_failures;
}
