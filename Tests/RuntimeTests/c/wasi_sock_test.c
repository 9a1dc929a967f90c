/*
 * wasi_sock_test.c: sock_accept on a 127.0.0.1 listener the test connects to, and
 * sock_recv/sock_send/sock_shutdown on socketpairs, through the guest descriptor table:
 * data, PEEK/WAITALL, datagram truncation, the accepted socket's rights and flags, EPIPE
 * without SIGPIPE, and the INVAL/FAULT/BADF/NOTSOCK/NOTCAPABLE cases.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bsrt_internal.h"
#include "bsrt_wasi.h"
#include "check.h"
#include "wasi/wasi_internal.h"

enum { SUCCESS = 0, AGAIN = 6, BADF = 8, FAULT = 21, INVAL = 28, PIPE = 64, NOTSOCK = 57, NOTCAPABLE = 76 };
enum { PEEK = 1, WAITALL = 2, TRUNCATED = 1, SHUT_READ = 1, SHUT_WRITE = 2 };
enum { MEM_SIZE = 4096, IOVS = 200, DATA = 400, RET = 100, RET2 = 104 };

#include "guest_memory.h"


/* iovec i at IOVS: buf, len */
static void iov(uint32_t i, uint32_t buf, uint32_t len) {
    wr32(IOVS + 8 * i, buf);
    wr32(IOVS + 8 * i + 4, len);
}

static uint32_t guest_fd(int host, uint8_t filetype, uint64_t rights) {
    uint32_t fd = 0;
    CHECK_EQ(wasi_fd_insert(host, filetype, rights, 0, &fd), SUCCESS);
    return fd;
}

static int host_of(uint32_t fd) {
    wasi_fd entry;
    return wasi_fd_lookup(fd, 0, &entry) == SUCCESS ? entry.host : -1;
}

static int listener_on_loopback(struct sockaddr_in *address) {
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    *address = (struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof *address;
    CHECK_EQ(bind(s, (struct sockaddr *)address, sizeof *address), 0);
    CHECK_EQ(listen(s, 8), 0);
    CHECK_EQ(getsockname(s, (struct sockaddr *)address, &len), 0);
    return s;
}

static int connect_to(const struct sockaddr_in *address) {
    int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK_EQ(connect(c, (const struct sockaddr *)address, sizeof *address), 0);
    return c;
}

static void test_accept(void) {
    struct sockaddr_in address;
    int host_listener = listener_on_loopback(&address);
    uint32_t listener = guest_fd(host_listener, WASI_FILETYPE_SOCKET_STREAM, WASI_RIGHTS_ALL);

    int client = connect_to(&address);
    wr32(RET, 0xdeadbeef);
    CHECK_EQ(bsrt_wasi_sock_accept(&self, listener, 1, RET), INVAL); /* APPEND */
    CHECK_EQ(bsrt_wasi_sock_accept(&self, listener, 0x20, RET), INVAL);
    CHECK_EQ(bsrt_wasi_sock_accept(&self, listener, 0, MEM_SIZE - 3), FAULT);
    CHECK_EQ(rd32(RET), 0xdeadbeef);
    /* the connection is still waiting after those: accept it */
    CHECK_EQ(bsrt_wasi_sock_accept(&self, listener, 0, RET), SUCCESS);
    uint32_t accepted = rd32(RET);
    wasi_fd entry;
    CHECK_EQ(wasi_fd_lookup(accepted, 0, &entry), SUCCESS);
    CHECK_EQ(entry.filetype, WASI_FILETYPE_SOCKET_STREAM);
    CHECK_EQ(entry.rights_base, WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_FDSTAT_SET_FLAGS |
                                     WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_POLL_FD_READWRITE |
                                     WASI_RIGHT_SOCK_SHUTDOWN);
    CHECK_EQ(fcntl(entry.host, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
    CHECK_EQ(fcntl(entry.host, F_GETFL) & O_NONBLOCK, 0);
    /* the accepted socket carries the connection both ways */
    memcpy(buffer + DATA, "ping", 4);
    iov(0, DATA, 4);
    CHECK_EQ(bsrt_wasi_sock_send(&self, accepted, IOVS, 1, 0, RET), SUCCESS);
    CHECK_EQ(rd32(RET), 4);
    char got[8] = {0};
    CHECK_EQ(read(client, got, sizeof got), 4);
    CHECK_STR(got, "ping");
    CHECK_EQ(write(client, "pong", 4), 4);
    iov(0, DATA, 16);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, accepted, IOVS, 1, 0, RET, RET2), SUCCESS);
    CHECK_EQ(rd32(RET), 4);
    CHECK_EQ(memcmp(buffer + DATA, "pong", 4), 0);
    /* accepting can't take a right the new socket does not hold */
    CHECK_EQ(bsrt_wasi_sock_accept(&self, accepted, 0, RET), NOTCAPABLE);
    CHECK_EQ(wasi_fd_remove(accepted), SUCCESS);
    close(client);

    /* NONBLOCK makes the accepted socket non-blocking */
    client = connect_to(&address);
    CHECK_EQ(bsrt_wasi_sock_accept(&self, listener, WASI_FDFLAG_NONBLOCK, RET), SUCCESS);
    accepted = rd32(RET);
    CHECK_EQ(fcntl(host_of(accepted), F_GETFL) & O_NONBLOCK, O_NONBLOCK);
    CHECK_EQ(wasi_fd_remove(accepted), SUCCESS);
    close(client);

    /* nothing pending on a non-blocking listener: AGAIN */
    CHECK_EQ(fcntl(host_listener, F_SETFL, O_NONBLOCK), 0);
    CHECK_EQ(bsrt_wasi_sock_accept(&self, listener, 0, RET), AGAIN);

    /* the right, the descriptor, and what it is */
    uint32_t no_accept = guest_fd(dup(host_listener), WASI_FILETYPE_SOCKET_STREAM,
                                  WASI_RIGHTS_ALL & ~WASI_RIGHT_SOCK_ACCEPT);
    CHECK_EQ(bsrt_wasi_sock_accept(&self, no_accept, 0, RET), NOTCAPABLE);
    CHECK_EQ(bsrt_wasi_sock_accept(&self, 9999, 0, RET), BADF);
    int p[2];
    CHECK_EQ(pipe2(p, O_CLOEXEC), 0);
    uint32_t pipe_fd = guest_fd(p[0], WASI_FILETYPE_UNKNOWN, WASI_RIGHTS_ALL);
    CHECK_EQ(bsrt_wasi_sock_accept(&self, pipe_fd, 0, RET), NOTSOCK);
    CHECK_EQ(wasi_fd_remove(pipe_fd), SUCCESS);
    close(p[1]);
    CHECK_EQ(wasi_fd_remove(no_accept), SUCCESS);
    CHECK_EQ(wasi_fd_remove(listener), SUCCESS);
}

static void test_send_recv(void) {
    int sv[2];
    CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    uint32_t a = guest_fd(sv[0], WASI_FILETYPE_SOCKET_STREAM, WASI_RIGHTS_ALL);
    uint32_t b = guest_fd(sv[1], WASI_FILETYPE_SOCKET_STREAM, WASI_RIGHTS_ALL);

    /* two iovecs gathered into one send */
    memcpy(buffer + DATA, "hello world", 11);
    iov(0, DATA, 5);
    iov(1, DATA + 5, 6);
    CHECK_EQ(bsrt_wasi_sock_send(&self, a, IOVS, 2, 0, RET), SUCCESS);
    CHECK_EQ(rd32(RET), 11);

    /* PEEK leaves the data queued; scattered over two iovecs */
    memset(buffer + DATA, 0, 64);
    iov(0, DATA, 3);
    iov(1, DATA + 10, 20);
    wr32(RET2, 0xffffffff);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, b, IOVS, 2, PEEK, RET, RET2), SUCCESS);
    CHECK_EQ(rd32(RET), 11);
    CHECK_EQ(rd16(RET2), 0);
    CHECK_EQ(rd16(RET2 + 2), 0xffff); /* roflags is a u16: nothing beyond it written */
    CHECK_EQ(memcmp(buffer + DATA, "hel", 3), 0);
    CHECK_EQ(memcmp(buffer + DATA + 10, "lo world", 8), 0);
    memset(buffer + DATA, 0, 64);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, b, IOVS, 2, 0, RET, RET2), SUCCESS);
    CHECK_EQ(rd32(RET), 11);
    CHECK_EQ(memcmp(buffer + DATA + 10, "lo world", 8), 0);

    /* WAITALL fills the whole buffer even when the data arrives in pieces */
    CHECK_EQ(write(sv[0], "abc", 3), 3);
    CHECK_EQ(write(sv[0], "def", 3), 3);
    iov(0, DATA, 6);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, b, IOVS, 1, WAITALL | PEEK, RET, RET2), SUCCESS);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, b, IOVS, 1, WAITALL, RET, RET2), SUCCESS);
    CHECK_EQ(rd32(RET), 6);
    CHECK_EQ(memcmp(buffer + DATA, "abcdef", 6), 0);

    /* flags, pointers */
    wr32(RET, 0xdeadbeef);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, b, IOVS, 1, 4, RET, RET2), INVAL);
    CHECK_EQ(bsrt_wasi_sock_send(&self, a, IOVS, 1, 1, RET), INVAL);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, b, IOVS, 1, 0, MEM_SIZE - 3, RET2), FAULT);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, b, IOVS, 1, 0, RET, MEM_SIZE - 1), FAULT);
    CHECK_EQ(bsrt_wasi_sock_send(&self, a, IOVS, 1, 0, MEM_SIZE - 3), FAULT);
    CHECK_EQ(bsrt_wasi_sock_send(&self, a, MEM_SIZE - 4, 1, 0, RET), FAULT);
    iov(0, MEM_SIZE - 2, 4);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, b, IOVS, 1, 0, RET, RET2), FAULT);
    CHECK_EQ(bsrt_wasi_sock_send(&self, a, IOVS, 1, 0, RET), FAULT);
    CHECK_EQ(rd32(RET), 0xdeadbeef);
    bsrt_instance no_memory = {.module = NULL, .memory0 = NULL};
    CHECK_EQ(bsrt_wasi_sock_send(&no_memory, a, IOVS, 1, 0, RET), FAULT);

    /* rights: FD_READ for recv, FD_WRITE for send */
    uint32_t write_only = guest_fd(dup(sv[0]), WASI_FILETYPE_SOCKET_STREAM, WASI_RIGHTS_ALL & ~WASI_RIGHT_FD_READ);
    uint32_t read_only = guest_fd(dup(sv[0]), WASI_FILETYPE_SOCKET_STREAM, WASI_RIGHTS_ALL & ~WASI_RIGHT_FD_WRITE);
    iov(0, DATA, 4);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, write_only, IOVS, 1, 0, RET, RET2), NOTCAPABLE);
    CHECK_EQ(bsrt_wasi_sock_send(&self, read_only, IOVS, 1, 0, RET), NOTCAPABLE);
    CHECK_EQ(bsrt_wasi_sock_send(&self, 9999, IOVS, 1, 0, RET), BADF);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, 9999, IOVS, 1, 0, RET, RET2), BADF);
    CHECK_EQ(wasi_fd_remove(write_only), SUCCESS);
    CHECK_EQ(wasi_fd_remove(read_only), SUCCESS);

    /* the peer gone: EPIPE, and no SIGPIPE kills the process */
    CHECK_EQ(wasi_fd_remove(b), SUCCESS);
    CHECK_EQ(bsrt_wasi_sock_send(&self, a, IOVS, 1, 0, RET), PIPE);
    CHECK_EQ(wasi_fd_remove(a), SUCCESS);
}

static void test_datagram_truncation(void) {
    int sv[2];
    CHECK_EQ(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), 0);
    uint32_t a = guest_fd(sv[0], WASI_FILETYPE_SOCKET_DGRAM, WASI_RIGHTS_ALL);
    uint32_t b = guest_fd(sv[1], WASI_FILETYPE_SOCKET_DGRAM, WASI_RIGHTS_ALL);
    memcpy(buffer + DATA, "0123456789", 10);
    iov(0, DATA, 10);
    CHECK_EQ(bsrt_wasi_sock_send(&self, a, IOVS, 1, 0, RET), SUCCESS);
    CHECK_EQ(bsrt_wasi_sock_send(&self, a, IOVS, 1, 0, RET), SUCCESS);
    iov(0, DATA + 100, 4);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, b, IOVS, 1, 0, RET, RET2), SUCCESS);
    CHECK_EQ(rd32(RET), 4);
    CHECK_EQ(rd16(RET2), TRUNCATED);
    CHECK_EQ(memcmp(buffer + DATA + 100, "0123", 4), 0);
    iov(0, DATA + 100, 64);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, b, IOVS, 1, 0, RET, RET2), SUCCESS);
    CHECK_EQ(rd32(RET), 10);
    CHECK_EQ(rd16(RET2), 0);
    CHECK_EQ(wasi_fd_remove(a), SUCCESS);
    CHECK_EQ(wasi_fd_remove(b), SUCCESS);
}

static void test_shutdown(void) {
    int sv[2];
    CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    uint32_t a = guest_fd(sv[0], WASI_FILETYPE_SOCKET_STREAM, WASI_RIGHTS_ALL);
    uint32_t b = guest_fd(sv[1], WASI_FILETYPE_SOCKET_STREAM, WASI_RIGHTS_ALL);
    for (uint32_t how = 0; how < 256; how++)
        if (how < 1 || how > 3) CHECK_EQ(bsrt_wasi_sock_shutdown(&self, a, how), INVAL);
    CHECK_EQ(bsrt_wasi_sock_shutdown(&self, a, 0x101), INVAL);
    /* WR: the peer reads end of file, and a's own sends fail */
    CHECK_EQ(bsrt_wasi_sock_shutdown(&self, a, SHUT_WRITE), SUCCESS);
    iov(0, DATA, 4);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, b, IOVS, 1, 0, RET, RET2), SUCCESS);
    CHECK_EQ(rd32(RET), 0);
    CHECK_EQ(bsrt_wasi_sock_send(&self, a, IOVS, 1, 0, RET), PIPE);
    /* RD: reads on a end at once */
    CHECK_EQ(bsrt_wasi_sock_shutdown(&self, a, SHUT_READ), SUCCESS);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, a, IOVS, 1, 0, RET, RET2), SUCCESS);
    CHECK_EQ(rd32(RET), 0);
    CHECK_EQ(bsrt_wasi_sock_shutdown(&self, b, SHUT_READ | SHUT_WRITE), SUCCESS);

    uint32_t no_right = guest_fd(dup(sv[0]), WASI_FILETYPE_SOCKET_STREAM, WASI_RIGHTS_ALL & ~WASI_RIGHT_SOCK_SHUTDOWN);
    CHECK_EQ(bsrt_wasi_sock_shutdown(&self, no_right, SHUT_WRITE), NOTCAPABLE);
    CHECK_EQ(bsrt_wasi_sock_shutdown(&self, 9999, SHUT_WRITE), BADF);
    CHECK_EQ(wasi_fd_remove(no_right), SUCCESS);
    CHECK_EQ(wasi_fd_remove(a), SUCCESS);
    CHECK_EQ(wasi_fd_remove(b), SUCCESS);
}

/* A pipe is not a socket, whatever rights its entry holds (and a socket-only right it lacks). */
static void test_not_a_socket(void) {
    int p[2];
    CHECK_EQ(pipe2(p, O_CLOEXEC), 0);
    uint32_t r = guest_fd(p[0], WASI_FILETYPE_UNKNOWN, WASI_RIGHTS_ALL & ~WASI_RIGHT_SOCK_SHUTDOWN);
    uint32_t w = guest_fd(p[1], WASI_FILETYPE_UNKNOWN, WASI_RIGHTS_ALL);
    iov(0, DATA, 4);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, r, IOVS, 1, 0, RET, RET2), NOTSOCK);
    CHECK_EQ(bsrt_wasi_sock_send(&self, w, IOVS, 1, 0, RET), NOTSOCK);
    CHECK_EQ(bsrt_wasi_sock_shutdown(&self, r, SHUT_WRITE), NOTSOCK);
    CHECK_EQ(bsrt_wasi_sock_shutdown(&self, w, SHUT_WRITE), NOTSOCK);
    CHECK_EQ(wasi_fd_remove(r), SUCCESS);
    CHECK_EQ(wasi_fd_remove(w), SUCCESS);
    /* a socket of a type WASI has no filetype for is still a socket */
    int sv[2];
    CHECK_EQ(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
    uint32_t a = guest_fd(sv[0], WASI_FILETYPE_UNKNOWN, WASI_RIGHTS_ALL);
    uint32_t b = guest_fd(sv[1], WASI_FILETYPE_UNKNOWN, WASI_RIGHTS_ALL);
    memcpy(buffer + DATA, "seq", 3);
    iov(0, DATA, 3);
    CHECK_EQ(bsrt_wasi_sock_send(&self, a, IOVS, 1, 0, RET), SUCCESS);
    iov(0, DATA + 10, 8);
    CHECK_EQ(bsrt_wasi_sock_recv(&self, b, IOVS, 1, 0, RET, RET2), SUCCESS);
    CHECK_EQ(rd32(RET), 3);
    CHECK_EQ(wasi_fd_remove(a), SUCCESS);
    CHECK_EQ(wasi_fd_remove(b), SUCCESS);
}

int main(void) {
    test_accept();
    test_send_recv();
    test_datagram_truncation();
    test_shutdown();
    test_not_a_socket();
    return check_finish("wasi_sock_test");
}
