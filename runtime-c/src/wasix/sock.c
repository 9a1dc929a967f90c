/*
 * wasix/sock.c: WASIX sockets: sock_open, sock_pair, sock_bind, sock_listen, sock_accept_v2
 * (also the wasix_* name sock_accept), sock_connect, sock_recv_from, sock_send_to,
 * sock_send_file, sock_status, sock_addr_local, sock_addr_peer (abi/wasix.md §3.5).
 *
 * Each call is the host call of the same meaning on the host socket behind a guest
 * descriptor; sockets enter the guest's descriptor table (../wasi/fdtable.c) as any
 * descriptor does, so fd_read/fd_write/fd_close/poll_oneoff and preview1's
 * sock_recv/sock_send/sock_shutdown (../wasi/sock.c, whose lookup, accept and
 * recvmsg/sendmsg these calls share) work on them unchanged. Filetypes: SOCKET_STREAM 6,
 * SOCKET_DGRAM 5, and WASIX's SOCKET_RAW 8 / SOCKET_SEQPACKET 9, which wasix-libc's
 * getsockopt(SO_TYPE) reads back through fd_fdstat_get (§6.7).
 *
 * Policy (net.c): sock_open needs --allow-net; bind, connect and send_to pass their address
 * through the --allow-net-to list. sock_pair needs no grant: a connected pair of unix sockets
 * reaches nothing outside the process (Linux makes pairs of no other family), exactly as
 * fd_pipe does not; refusing it would only break programs that use socketpair as a pipe.
 *
 * Arguments as wasix-libc sends them (§5.3, §8.6): the protocol may be 0 (the type's
 * default), TCP/UDP also for unix sockets (mapped to 0 there); SOCK_NONBLOCK 0x4000 and
 * SOCK_CLOEXEC 0x2000 may be OR'ed into the type. Host sockets are always close-on-exec, like
 * every descriptor the runtime opens (the guest's exec is the runtime's business). Checks in
 * order: result pointers (FAULT), flags (INVAL), the descriptor (BADF/NOTSOCK/NOTCAPABLE),
 * the address (FAULT/AFNOSUPPORT), the policy (NOTCAPABLE), then the host call. Results are
 * written only on success; witx `size` results are 8 bytes under wasix_64v1.
 */
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"

/* riflags / siflags (§5.4); WASIX adds DATA_TRUNCATED and DONT_WAIT to preview1's */
#define WASIX_RIFLAG_RECV_DATA_TRUNCATED 4u
#define WASIX_RIFLAG_RECV_DONT_WAIT 8u
#define WASIX_SIFLAG_SEND_DONT_WAIT 1u

/* sock_status (§5.3) */
enum { STATUS_OPENING = 0, STATUS_OPENED = 1, STATUS_CLOSED = 2, STATUS_FAILED = 3 };

/* What sock_open/sock_pair's (af, socktype, proto) mean on the host. */
typedef struct socket_kind {
    int family, type, proto;
    uint8_t filetype;
} socket_kind;

static uint32_t socket_kind_of(uint32_t af, uint32_t socktype, uint32_t proto, socket_kind *out) {
    uint32_t err = wasix_host_family(af, &out->family);
    if (err != WASI_ESUCCESS) return err;
    if (socktype & ~(0xffu | WASIX_SOCK_CLOEXEC | WASIX_SOCK_NONBLOCK)) return WASI_EINVAL;
    switch (socktype & 0xffu) {
    case WASIX_SOCK_STREAM: out->type = SOCK_STREAM, out->filetype = WASI_FILETYPE_SOCKET_STREAM; break;
    case WASIX_SOCK_DGRAM: out->type = SOCK_DGRAM, out->filetype = WASI_FILETYPE_SOCKET_DGRAM; break;
    case WASIX_SOCK_RAW: out->type = SOCK_RAW, out->filetype = WASIX_FILETYPE_SOCKET_RAW; break;
    case WASIX_SOCK_SEQPACKET: out->type = SOCK_SEQPACKET, out->filetype = WASIX_FILETYPE_SOCKET_SEQPACKET; break;
    default: return WASI_EINVAL;
    }
    if (proto > 0xffffu) return WASI_EINVAL; /* sock_proto is a u16 */
    /* wasix-libc turns protocol 0 into TCP/UDP before it knows the family (§5.3): for a unix
     * socket those mean "the default", which Linux only spells 0. */
    if (out->family == AF_UNIX && (proto == IPPROTO_TCP || proto == IPPROTO_UDP)) proto = 0;
    out->proto = (int)proto;
    out->type |= SOCK_CLOEXEC | (socktype & WASIX_SOCK_NONBLOCK ? SOCK_NONBLOCK : 0);
    return WASI_ESUCCESS;
}

/* Enters a new host socket; on failure it is closed. */
static uint32_t enter_socket(int host, uint8_t filetype, uint32_t *out_fd) {
    uint32_t err = wasi_fd_insert(host, filetype, WASI_SOCKET_RIGHTS, 0, out_fd);
    if (err != WASI_ESUCCESS) close(host);
    return err;
}

uint32_t bsrt_wasix_sock_open(bsrt_instance *self, uint32_t af, uint32_t socktype, uint32_t proto, bsrt_ptr ret_fd) {
    uint8_t *fd_out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_fd, 4);
    if (fd_out == NULL) return WASI_EFAULT;
    uint32_t err = wasix_net_check_open();
    if (err != WASI_ESUCCESS) return err;
    socket_kind kind;
    if ((err = socket_kind_of(af, socktype, proto, &kind)) != WASI_ESUCCESS) return err;
    int host = socket(kind.family, kind.type, kind.proto);
    if (host < 0) return bsrt_wasi_errno_from_host(errno);
    uint32_t fd;
    if ((err = enter_socket(host, kind.filetype, &fd)) != WASI_ESUCCESS) return err;
    bsrt_guest_write_u32(fd_out, fd);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_sock_pair(bsrt_instance *self, uint32_t af, uint32_t socktype, uint32_t proto, bsrt_ptr ret_fd1, bsrt_ptr ret_fd2) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *out1 = bsrt_guest_bytes(memory, ret_fd1, 4), *out2 = bsrt_guest_bytes(memory, ret_fd2, 4);
    if (out1 == NULL || out2 == NULL) return WASI_EFAULT;
    socket_kind kind;
    uint32_t err = socket_kind_of(af, socktype, proto, &kind);
    if (err != WASI_ESUCCESS) return err;
    int host[2];
    if (socketpair(kind.family, kind.type, kind.proto, host) != 0) return bsrt_wasi_errno_from_host(errno);
    uint32_t fd1, fd2;
    if ((err = enter_socket(host[0], kind.filetype, &fd1)) != WASI_ESUCCESS) {
        close(host[1]);
        return err;
    }
    if ((err = enter_socket(host[1], kind.filetype, &fd2)) != WASI_ESUCCESS) {
        (void)wasi_fd_remove(fd1);
        return err;
    }
    bsrt_guest_write_u32(out1, fd1);
    bsrt_guest_write_u32(out2, fd2);
    return WASI_ESUCCESS;
}

/* The socket behind guest fd and the address at guest `addr`, which the policy allows. */
static uint32_t socket_and_endpoint(bsrt_instance *self, uint32_t fd, uint64_t right, bsrt_ptr addr,
                                    wasi_fd *entry, wasix_sockaddr *endpoint) {
    uint32_t err = wasi_socket_lookup(fd, right, entry);
    if (err != WASI_ESUCCESS) return err;
    if ((err = wasix_addr_port_load(self, addr, endpoint)) != WASI_ESUCCESS) return err;
    return wasix_net_check_endpoint(wasix_sockaddr_ptr(endpoint), endpoint->len);
}

uint32_t bsrt_wasix_sock_bind(bsrt_instance *self, uint32_t fd, bsrt_ptr addr) {
    wasi_fd entry;
    wasix_sockaddr local;
    uint32_t err = socket_and_endpoint(self, fd, 0, addr, &entry, &local);
    if (err != WASI_ESUCCESS) return err;
    if (bind(entry.host, wasix_sockaddr_ptr(&local), local.len) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_sock_connect(bsrt_instance *self, uint32_t fd, bsrt_ptr addr) {
    wasi_fd entry;
    wasix_sockaddr peer;
    uint32_t err = socket_and_endpoint(self, fd, 0, addr, &entry, &peer);
    if (err != WASI_ESUCCESS) return err;
    /* A nonblocking socket answers INPROGRESS; the guest polls for writability, as natively. */
    if (connect(entry.host, wasix_sockaddr_ptr(&peer), peer.len) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_sock_listen(bsrt_instance *self, uint32_t fd, bsrt_size backlog) {
    (void)self;
    wasi_fd entry;
    uint32_t err = wasi_socket_lookup(fd, WASI_RIGHT_SOCK_ACCEPT, &entry);
    if (err != WASI_ESUCCESS) return err;
    /* The kernel caps the backlog at somaxconn anyway; a huge one is not an error. */
    int host_backlog = backlog > INT_MAX ? INT_MAX : (int)backlog;
    if (listen(entry.host, host_backlog) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_sock_accept_v2(bsrt_instance *self, uint32_t fd, uint32_t flags, bsrt_ptr ret_fd, bsrt_ptr ret_addr) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *fd_out = bsrt_guest_bytes(memory, ret_fd, 4);
    uint8_t *addr_out = bsrt_guest_bytes(memory, ret_addr, WASIX_ADDR_PORT_SIZE);
    if (fd_out == NULL || addr_out == NULL) return WASI_EFAULT;
    if (flags & ~WASI_FDFLAG_NONBLOCK) return WASI_EINVAL; /* fdflags: only NONBLOCK applies */
    struct sockaddr_storage peer;
    socklen_t peer_len = 0;
    uint32_t guest;
    uint32_t err = wasi_socket_accept(fd, flags & WASI_FDFLAG_NONBLOCK, &peer, &peer_len, &guest);
    if (err != WASI_ESUCCESS) return err;
    bsrt_guest_write_u32(fd_out, guest);
    wasix_addr_port_store(addr_out, (struct sockaddr *)&peer, peer_len);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_sock_recv_from(bsrt_instance *self, uint32_t fd, bsrt_ptr iovs, bsrt_size iovs_len, uint32_t ri_flags, bsrt_ptr ret_nread, bsrt_ptr ret_roflags, bsrt_ptr ret_addr) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *nread_out = bsrt_guest_bytes(memory, ret_nread, bsrt_guest_ptr_size(memory));
    uint8_t *roflags_out = bsrt_guest_bytes(memory, ret_roflags, 2);
    uint8_t *addr_out = bsrt_guest_bytes(memory, ret_addr, WASIX_ADDR_PORT_SIZE);
    if (nread_out == NULL || roflags_out == NULL || addr_out == NULL) return WASI_EFAULT;
    if (ri_flags & ~(WASI_RIFLAG_RECV_PEEK | WASI_RIFLAG_RECV_WAITALL | WASIX_RIFLAG_RECV_DATA_TRUNCATED |
                     WASIX_RIFLAG_RECV_DONT_WAIT))
        return WASI_EINVAL;
    /* RECV_DATA_TRUNCATED asks, as MSG_TRUNC does, for a datagram's whole length even when the
     * buffers took less of it (wasix-libc maps MSG_TRUNC to it). */
    int host_flags = (ri_flags & WASI_RIFLAG_RECV_PEEK ? MSG_PEEK : 0) |
                     (ri_flags & WASI_RIFLAG_RECV_WAITALL ? MSG_WAITALL : 0) |
                     (ri_flags & WASIX_RIFLAG_RECV_DATA_TRUNCATED ? MSG_TRUNC : 0) |
                     (ri_flags & WASIX_RIFLAG_RECV_DONT_WAIT ? MSG_DONTWAIT : 0);
    wasi_fd entry;
    uint32_t err = wasi_socket_lookup(fd, WASI_RIGHT_FD_READ, &entry);
    if (err != WASI_ESUCCESS) return err;
    wasi_iovs list;
    if ((err = wasi_iovs_gather(memory, iovs, iovs_len, &list)) != WASI_ESUCCESS) return err;
    struct sockaddr_storage from;
    socklen_t from_len = 0;
    size_t n;
    uint16_t roflags;
    err = wasi_socket_recv(entry.host, &list, host_flags, &from, &from_len, &n, &roflags);
    wasi_iovs_release(&list);
    if (err != WASI_ESUCCESS) return err;
    /* A connected stream socket reports no sender: its peer is the sender. */
    if (from_len == 0) {
        from_len = sizeof from;
        if (getpeername(entry.host, (struct sockaddr *)&from, &from_len) != 0) from_len = 0;
    }
    bsrt_guest_write_ptr(memory, nread_out, n);
    bsrt_guest_write_u16(roflags_out, roflags);
    wasix_addr_port_store(addr_out, (struct sockaddr *)&from, from_len);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_sock_send_to(bsrt_instance *self, uint32_t fd, bsrt_ptr iovs, bsrt_size iovs_len, uint32_t si_flags, bsrt_ptr addr, bsrt_ptr ret_nwritten) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *nwritten_out = bsrt_guest_bytes(memory, ret_nwritten, bsrt_guest_ptr_size(memory));
    if (nwritten_out == NULL) return WASI_EFAULT;
    if (si_flags & ~WASIX_SIFLAG_SEND_DONT_WAIT) return WASI_EINVAL;
    wasi_fd entry;
    wasix_sockaddr to;
    uint32_t err = socket_and_endpoint(self, fd, WASI_RIGHT_FD_WRITE, addr, &entry, &to);
    if (err != WASI_ESUCCESS) return err;
    wasi_iovs list;
    if ((err = wasi_iovs_gather(memory, iovs, iovs_len, &list)) != WASI_ESUCCESS) return err;
    /* UNSPEC names no destination: the connected peer, as send() would. */
    bool no_destination = to.storage.ss_family == AF_UNSPEC;
    size_t n;
    err = wasi_socket_send(entry.host, &list, si_flags & WASIX_SIFLAG_SEND_DONT_WAIT ? MSG_DONTWAIT : 0,
                           no_destination ? NULL : wasix_sockaddr_ptr(&to), to.len, &n);
    wasi_iovs_release(&list);
    if (err != WASI_ESUCCESS) return err;
    bsrt_guest_write_ptr(memory, nwritten_out, n);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_sock_send_file(bsrt_instance *self, uint32_t out_fd, uint32_t in_fd, uint64_t offset, uint64_t count, bsrt_ptr ret_sent) {
    uint8_t *sent_out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_sent, 8);
    if (sent_out == NULL) return WASI_EFAULT;
    if (offset > INT64_MAX) return WASI_EINVAL;
    wasi_fd socket_entry, file_entry;
    uint32_t err = wasi_socket_lookup(out_fd, WASI_RIGHT_FD_WRITE, &socket_entry);
    if (err != WASI_ESUCCESS) return err;
    if ((err = wasi_fd_lookup(in_fd, WASI_RIGHT_FD_READ, &file_entry)) != WASI_ESUCCESS) return err;
    /* One sendfile from `offset`, leaving the file's own offset alone (wasix-libc's sendfile
     * passes fd_tell's value when the caller gave none); a short count is the guest's to
     * retry, as natively. Linux moves at most 0x7ffff000 bytes per call. SIGPIPE is ignored
     * process-wide (main.c), so a closed peer is PIPE. */
    off_t position = (off_t)offset;
    size_t want = count > 0x7ffff000u ? 0x7ffff000u : (size_t)count;
    ssize_t n = sendfile(socket_entry.host, file_entry.host, &position, want);
    if (n < 0) return bsrt_wasi_errno_from_host(errno);
    bsrt_guest_write_u64(sent_out, (uint64_t)n);
    return WASI_ESUCCESS;
}

/* Opening: not yet bound or connected (or a connection in progress); opened: bound (a
 * datagram socket), listening or connected; closed: a connection that ended (shut down both
 * ways, or gone once the peer's FIN arrived); failed: an error is pending. Read without
 * consuming anything: poll and getsockname/getpeername, not SO_ERROR (reading it would clear
 * the guest's error). A fresh and an ended stream socket are both in the kernel's CLOSE
 * state; only the ended one has its receive side shut (POLLRDHUP). */
static uint8_t status_of(int host) {
    struct pollfd p = {.fd = host, .events = POLLIN | POLLOUT | POLLRDHUP};
    if (poll(&p, 1, 0) == 1 && (p.revents & POLLERR)) return STATUS_FAILED;
    int listening = 0, type = 0;
    socklen_t len = sizeof listening;
    if (getsockopt(host, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 && listening) return STATUS_OPENED;
    struct sockaddr_storage addr;
    socklen_t addr_len = sizeof addr;
    if (getpeername(host, (struct sockaddr *)&addr, &addr_len) == 0)
        return p.revents & POLLHUP ? STATUS_CLOSED : STATUS_OPENED;
    len = sizeof type;
    (void)getsockopt(host, SOL_SOCKET, SO_TYPE, &type, &len);
    if (type == SOCK_STREAM || type == SOCK_SEQPACKET) return p.revents & POLLRDHUP ? STATUS_CLOSED : STATUS_OPENING;
    /* A datagram socket is usable once it has a local address. */
    addr_len = sizeof addr;
    if (getsockname(host, (struct sockaddr *)&addr, &addr_len) != 0) return STATUS_OPENING;
    if (addr.ss_family == AF_INET) return ((struct sockaddr_in *)&addr)->sin_port ? STATUS_OPENED : STATUS_OPENING;
    if (addr.ss_family == AF_INET6) return ((struct sockaddr_in6 *)&addr)->sin6_port ? STATUS_OPENED : STATUS_OPENING;
    return addr_len > sizeof(sa_family_t) ? STATUS_OPENED : STATUS_OPENING;
}

uint32_t bsrt_wasix_sock_status(bsrt_instance *self, uint32_t fd, bsrt_ptr ret_status) {
    uint8_t *status_out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_status, 1);
    if (status_out == NULL) return WASI_EFAULT;
    wasi_fd entry;
    uint32_t err = wasi_socket_lookup(fd, 0, &entry);
    if (err != WASI_ESUCCESS) return err;
    bsrt_guest_write_u8(status_out, status_of(entry.host));
    return WASI_ESUCCESS;
}

/* getsockname or getpeername into the addr_port_t at guest ret_addr. */
static uint32_t socket_name(bsrt_instance *self, uint32_t fd, bsrt_ptr ret_addr, bool peer) {
    uint8_t *addr_out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_addr, WASIX_ADDR_PORT_SIZE);
    if (addr_out == NULL) return WASI_EFAULT;
    wasi_fd entry;
    uint32_t err = wasi_socket_lookup(fd, 0, &entry);
    if (err != WASI_ESUCCESS) return err;
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;
    int rc = peer ? getpeername(entry.host, (struct sockaddr *)&addr, &len)
                  : getsockname(entry.host, (struct sockaddr *)&addr, &len);
    if (rc != 0) return bsrt_wasi_errno_from_host(errno);
    wasix_addr_port_store(addr_out, (struct sockaddr *)&addr, len);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_sock_addr_local(bsrt_instance *self, uint32_t fd, bsrt_ptr ret_addr) {
    return socket_name(self, fd, ret_addr, false);
}

uint32_t bsrt_wasix_sock_addr_peer(bsrt_instance *self, uint32_t fd, bsrt_ptr ret_addr) {
    return socket_name(self, fd, ret_addr, true);
}
