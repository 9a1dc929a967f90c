/*
 * wasi/sock.c: sock_accept, sock_recv, sock_send, sock_shutdown.
 *
 * preview1 cannot create, bind or connect sockets: the guest only uses sockets the host
 * handed in (bsrt_wasi_init_descriptors) and the connections it accepts on them. Each call is
 * the one host call of the same name (accept4, recvmsg, sendmsg, shutdown) on the descriptor
 * from the table.
 *
 * Checks, in order: result pointers (FAULT), flags (INVAL, as wasmtime's argument decoding
 * fails before the call), the descriptor (BADF), that it is a socket (NOTSOCK, also for the
 * socket-only rights a non-socket never holds), the right the call needs (NOTCAPABLE), then
 * the iovecs (FAULT). wasmtime 50 implements none of these calls (each gives NOTSOCK after the
 * BADF check); the behaviour here follows Linux and wasi-common, wasmtime's earlier WASI.
 *
 * The pieces WASIX's socket calls (../wasix/sock.c) share with these (the socket lookup,
 * accept, recvmsg/sendmsg) are the wasi_socket_* functions of wasi_internal.h.
 */
#include <errno.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_internal.h"

static bool is_socket(const wasi_fd *entry) {
    if (entry->filetype == WASI_FILETYPE_SOCKET_STREAM || entry->filetype == WASI_FILETYPE_SOCKET_DGRAM) return true;
    /* other socket types (seqpacket, raw) have filetype UNKNOWN under preview1 (WASIX gives them
     * its own 8 and 9): the host knows */
    struct stat st;
    return fstat(entry->host, &st) == 0 && S_ISSOCK(st.st_mode);
}

uint32_t wasi_socket_lookup(uint32_t fd, uint64_t required, wasi_fd *out) {
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, 0, &entry);
    if (err != WASI_ESUCCESS) return err;
    if (!is_socket(&entry)) return WASI_ENOTSOCK;
    return wasi_fd_lookup(fd, required, out);
}

uint32_t wasi_socket_accept(uint32_t fd, bool nonblock, struct sockaddr_storage *peer, socklen_t *peer_len,
                            uint32_t *out_fd) {
    wasi_fd listener;
    uint32_t err = wasi_socket_lookup(fd, WASI_RIGHT_SOCK_ACCEPT, &listener);
    if (err != WASI_ESUCCESS) return err;
    int type = SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0);
    socklen_t len = sizeof *peer;
    int host = accept4(listener.host, (struct sockaddr *)peer, peer ? &len : NULL, type);
    if (host < 0) return bsrt_wasi_errno_from_host(errno);
    err = wasi_fd_insert(host, wasi_filetype_of(host, S_IFSOCK), WASI_CONNECTION_RIGHTS, 0, out_fd);
    if (err != WASI_ESUCCESS) {
        close(host);
        return err;
    }
    if (peer_len) *peer_len = len;
    return WASI_ESUCCESS;
}

uint32_t wasi_socket_recv(int host, const wasi_iovs *list, int host_flags, struct sockaddr_storage *from,
                          socklen_t *from_len, size_t *nread, uint16_t *roflags) {
    struct msghdr message = {.msg_iov = list->v, .msg_iovlen = (size_t)list->count,
                             .msg_name = from, .msg_namelen = from ? sizeof *from : 0};
    ssize_t n = recvmsg(host, &message, host_flags);
    if (n < 0) return bsrt_wasi_errno_from_host(errno);
    *nread = (size_t)n;
    if (from_len) *from_len = message.msg_namelen;
    /* MSG_TRUNC in msg_flags: a datagram was longer than the buffers and its rest is lost. */
    *roflags = message.msg_flags & MSG_TRUNC ? WASI_ROFLAG_RECV_DATA_TRUNCATED : 0;
    return WASI_ESUCCESS;
}

uint32_t wasi_socket_send(int host, const wasi_iovs *list, int host_flags, const struct sockaddr *to,
                          socklen_t to_len, size_t *nwritten) {
    struct msghdr message = {.msg_iov = list->v, .msg_iovlen = (size_t)list->count,
                             .msg_name = (void *)to, .msg_namelen = to ? to_len : 0};
    /* MSG_NOSIGNAL: a closed peer is EPIPE for the guest, never a SIGPIPE for the process. */
    ssize_t n = sendmsg(host, &message, host_flags | MSG_NOSIGNAL);
    if (n < 0) return bsrt_wasi_errno_from_host(errno);
    *nwritten = (size_t)n;
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_sock_accept(bsrt_instance *self, uint32_t fd, uint32_t flags, bsrt_ptr ret_fd) {
    uint8_t *fd_out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_fd, 4);
    if (fd_out == NULL) return WASI_EFAULT;
    /* The new descriptor's fdflags: only NONBLOCK means anything for a socket. */
    if (flags & ~WASI_FDFLAG_NONBLOCK) return WASI_EINVAL;
    uint32_t guest;
    uint32_t err = wasi_socket_accept(fd, flags & WASI_FDFLAG_NONBLOCK, NULL, NULL, &guest);
    if (err != WASI_ESUCCESS) return err;
    bsrt_guest_write_u32(fd_out, guest);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_sock_recv(bsrt_instance *self, uint32_t fd, bsrt_ptr ri_data, bsrt_size ri_data_len, uint32_t ri_flags, bsrt_ptr ret_nread, bsrt_ptr ret_roflags) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *nread_out = bsrt_guest_ptr_field(memory, ret_nread);
    uint8_t *roflags_out = bsrt_guest_bytes(memory, ret_roflags, 2);
    if (nread_out == NULL || roflags_out == NULL) return WASI_EFAULT;
    if (ri_flags & ~(WASI_RIFLAG_RECV_PEEK | WASI_RIFLAG_RECV_WAITALL)) return WASI_EINVAL;
    int host_flags = (ri_flags & WASI_RIFLAG_RECV_PEEK ? MSG_PEEK : 0) |
                     (ri_flags & WASI_RIFLAG_RECV_WAITALL ? MSG_WAITALL : 0);
    wasi_fd entry;
    uint32_t err = wasi_socket_lookup(fd, WASI_RIGHT_FD_READ, &entry);
    if (err != WASI_ESUCCESS) return err;
    wasi_iovs list;
    err = wasi_iovs_gather(memory, ri_data, ri_data_len, &list);
    if (err != WASI_ESUCCESS) return err;
    size_t n;
    uint16_t roflags;
    err = wasi_socket_recv(entry.host, &list, host_flags, NULL, NULL, &n, &roflags);
    wasi_iovs_release(&list);
    if (err != WASI_ESUCCESS) return err;
    bsrt_guest_write_ptr(memory, nread_out, n);
    bsrt_guest_write_u16(roflags_out, roflags);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_sock_send(bsrt_instance *self, uint32_t fd, bsrt_ptr si_data, bsrt_size si_data_len, uint32_t si_flags, bsrt_ptr ret_nwritten) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *nwritten_out = bsrt_guest_ptr_field(memory, ret_nwritten);
    if (nwritten_out == NULL) return WASI_EFAULT;
    if (si_flags != 0) return WASI_EINVAL; /* preview1 defines no siflags */
    wasi_fd entry;
    uint32_t err = wasi_socket_lookup(fd, WASI_RIGHT_FD_WRITE, &entry);
    if (err != WASI_ESUCCESS) return err;
    wasi_iovs list;
    err = wasi_iovs_gather(memory, si_data, si_data_len, &list);
    if (err != WASI_ESUCCESS) return err;
    size_t n = 0; /* set on success; gcc's -Wmaybe-uninitialized cannot see that */
    err = wasi_socket_send(entry.host, &list, 0, NULL, 0, &n);
    wasi_iovs_release(&list);
    if (err != WASI_ESUCCESS) return err;
    bsrt_guest_write_ptr(memory, nwritten_out, n);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_sock_shutdown(bsrt_instance *self, uint32_t fd, uint32_t how) {
    (void)self;
    int host_how;
    switch (how) {
    case WASI_SDFLAG_RD: host_how = SHUT_RD; break;
    case WASI_SDFLAG_WR: host_how = SHUT_WR; break;
    case WASI_SDFLAG_RD | WASI_SDFLAG_WR: host_how = SHUT_RDWR; break;
    default: return WASI_EINVAL; /* no channel named, or bits sdflags does not define */
    }
    wasi_fd entry;
    uint32_t err = wasi_socket_lookup(fd, WASI_RIGHT_SOCK_SHUTDOWN, &entry);
    if (err != WASI_ESUCCESS) return err;
    if (shutdown(entry.host, host_how) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}
