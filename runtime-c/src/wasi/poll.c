/*
 * wasi/poll.c: poll_oneoff, for wasi_snapshot_preview1 and for wasi_unstable (preview0).
 *
 * wasi-libc builds poll(), sleep(), usleep(), nanosleep() and clock_nanosleep() on this one
 * call, so it is one ppoll(2): the fd subscriptions become pollfds on the host descriptors, and
 * the earliest clock becomes ppoll's timeout (nanosecond precision, unlike poll's
 * milliseconds). Every clock is turned into a CLOCK_MONOTONIC deadline first, so a wait cut
 * short by a signal (EINTR) resumes with exactly the time that remains.
 *
 * Behaviour, compared with wasmtime (abi/wasi-preview1.md; wasmtime's crates/wasi/src/p1.rs):
 * - A bad descriptor, or one without POLL_FD_READWRITE, fails only its own subscription: its
 *   event carries BADF/NOTCAPABLE and is ready at once. wasi-libc's poll() turns that event
 *   into POLLNVAL for that pollfd, which is what POSIX poll does. (wasmtime fails the whole
 *   call with BADF instead, so poll() on a closed fd returns -1 there.)
 * - Only REALTIME and MONOTONIC clocks, as wasmtime: a CPU-time clock cannot expire while the
 *   process sleeps in ppoll. Those, unknown clock ids, unknown subclockflags bits, an unknown
 *   event type and nsubscriptions == 0 make the whole call INVAL before anything is written.
 * - Every clock whose deadline has passed when the wait ends fires, so only the earliest
 *   fires unless others expire with it (wasmtime reports equal timers together too).
 * - nbytes is what is really available (wasmtime says 1 for every fd event): FIONREAD for
 *   pipes, sockets and terminals, size minus offset for regular files (always ready, as
 *   poll(2) says); room left in the pipe or socket send buffer for fd_write. FD_READWRITE_HANGUP comes from
 *   POLLHUP only, so a regular file at EOF is not "hung up" (wasmtime says it is; Linux poll
 *   and a native build do not).
 * - POLLERR becomes the event's error: the socket's pending error (SO_ERROR), else PIPE for a
 *   write subscription (a pipe with no reader; wasi-libc reports it as POLLHUP) or IO.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wasi_internal.h"

/* Where a subscription's fields are (§4.7). preview1: userdata u64 @0, tag u8 @8, payload @16;
 * subscription_clock {id u32 @0, timeout u64 @8, precision u64 @16, flags u16 @24}, 48 bytes.
 * preview0 (legacy/preview0/witx/typenames.witx) puts a u64 `identifier` first in
 * subscription_clock: {identifier @0, id u32 @8, timeout @16, precision @24, flags u16 @32},
 * 40 bytes, so the union is 8 + 40 and the subscription 56 bytes. The fd payload
 * (file_descriptor u32) is @16 in both, and the event is the same 32 bytes in both. */
typedef struct subscription_layout {
    uint32_t size;
    uint32_t clock_id, clock_timeout, clock_flags; /* offsets from the subscription's start */
} subscription_layout;

static const subscription_layout preview1_layout = {48, 16, 24, 40};
static const subscription_layout preview0_layout = {56, 24, 32, 48};

enum { SUB_USERDATA = 0, SUB_TAG = 8, SUB_FD = 16 };
/* event (§4.6): userdata u64 @0, error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24 */
enum { EVENT_SIZE = 32, EVENT_ERROR = 8, EVENT_TYPE = 10, EVENT_NBYTES = 16, EVENT_FLAGS = 24 };

/* One subscription, read out of guest memory before any waiting (so `out` may overlap `in`). */
typedef struct waiter {
    uint64_t userdata;
    uint8_t type;
    uint16_t error;    /* the subscription failed on its own: its event is ready now */
    uint64_t deadline; /* clock: the CLOCK_MONOTONIC time, in ns, at which it fires */
    int host;          /* fd_read/fd_write: the host descriptor ... */
    uint8_t filetype;  /* ... its WASI filetype ... */
    nfds_t slot;       /* ... and its pollfd */
} waiter;

static uint64_t now_ns(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t add_saturating(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

/* The monotonic deadline of a clock subscription; INVAL for a clock or flag we cannot honour. */
static uint32_t clock_deadline(const uint8_t *sub, const subscription_layout *layout, uint64_t monotonic_now,
                               uint64_t *deadline) {
    uint32_t id = bsrt_guest_read_u32(sub + layout->clock_id);
    uint64_t timeout;
    uint16_t flags;
    memcpy(&timeout, sub + layout->clock_timeout, sizeof timeout);
    memcpy(&flags, sub + layout->clock_flags, sizeof flags);
    if (flags & ~WASI_SUBCLOCK_ABSTIME) return WASI_EINVAL;
    if (id != WASI_CLOCK_REALTIME && id != WASI_CLOCK_MONOTONIC) return WASI_EINVAL;
    if (!(flags & WASI_SUBCLOCK_ABSTIME)) {
        *deadline = add_saturating(monotonic_now, timeout);
    } else if (id == WASI_CLOCK_MONOTONIC) {
        *deadline = timeout; /* the guest's monotonic clock is the host's (clock.c) */
    } else {
        /* A wall-clock time becomes the time left until it; setting the wall clock later
         * does not move the deadline (as in wasmtime). */
        uint64_t realtime_now = now_ns(CLOCK_REALTIME);
        *deadline = add_saturating(monotonic_now, timeout > realtime_now ? timeout - realtime_now : 0);
    }
    return WASI_ESUCCESS;
}

/* An fd subscription: a pollfd on the host descriptor, or the error its event will carry. */
static void watch_fd(waiter *w, uint32_t fd, struct pollfd *pollfds, nfds_t *npollfds) {
    wasi_fd entry;
    w->error = (uint16_t)wasi_fd_lookup(fd, WASI_RIGHT_POLL_FD_READWRITE, &entry);
    if (w->error != WASI_ESUCCESS) return;
    w->host = entry.host;
    w->filetype = entry.filetype;
    w->slot = (*npollfds)++;
    short events = w->type == WASI_EVENTTYPE_FD_READ ? POLLIN : POLLOUT;
    pollfds[w->slot] = (struct pollfd){.fd = entry.host, .events = events};
}

/* Reads every subscription. Fails (INVAL) only for what makes the whole call meaningless. */
static uint32_t read_subscriptions(const uint8_t *in, uint32_t n, const subscription_layout *layout, waiter *waiters,
                                   struct pollfd *pollfds, nfds_t *npollfds) {
    uint64_t monotonic_now = now_ns(CLOCK_MONOTONIC);
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *sub = in + (size_t)i * layout->size;
        waiter *w = &waiters[i];
        memcpy(&w->userdata, sub + SUB_USERDATA, sizeof w->userdata);
        w->type = sub[SUB_TAG];
        if (w->type == WASI_EVENTTYPE_CLOCK) {
            uint32_t err = clock_deadline(sub, layout, monotonic_now, &w->deadline);
            if (err != WASI_ESUCCESS) return err;
        } else if (w->type == WASI_EVENTTYPE_FD_READ || w->type == WASI_EVENTTYPE_FD_WRITE) {
            watch_fd(w, bsrt_guest_read_u32(sub + SUB_FD), pollfds, npollfds);
        } else {
            return WASI_EINVAL;
        }
    }
    return WASI_ESUCCESS;
}

/* The earliest clock deadline (UINT64_MAX: none), and whether some event is ready already. */
static uint64_t earliest_deadline(const waiter *waiters, uint32_t n, bool *ready_now) {
    uint64_t earliest = UINT64_MAX;
    *ready_now = false;
    for (uint32_t i = 0; i < n; i++) {
        if (waiters[i].error != WASI_ESUCCESS) *ready_now = true;
        if (waiters[i].type == WASI_EVENTTYPE_CLOCK && waiters[i].deadline < earliest) earliest = waiters[i].deadline;
    }
    return earliest;
}

/* ppoll until a descriptor is ready or the earliest deadline passes (only `ready_now` returns
 * without either). A spurious early timeout or EINTR just waits again for what remains. */
static uint32_t wait_for_events(struct pollfd *pollfds, nfds_t npollfds, uint64_t deadline, bool ready_now) {
    bool has_clock = deadline != UINT64_MAX;
    for (;;) {
        uint64_t now = now_ns(CLOCK_MONOTONIC);
        uint64_t remaining = ready_now || now >= deadline ? 0 : deadline - now;
        struct timespec timeout = {.tv_sec = (time_t)(remaining / 1000000000u),
                                   .tv_nsec = (long)(remaining % 1000000000u)};
        int count = ppoll(pollfds, npollfds, has_clock || ready_now ? &timeout : NULL, NULL);
        if (count < 0 && errno != EINTR) return bsrt_wasi_errno_from_host(errno);
        if (count > 0 || ready_now || (count == 0 && now_ns(CLOCK_MONOTONIC) >= deadline)) return WASI_ESUCCESS;
    }
}

/* Bytes that can be read without blocking. */
static uint64_t readable_bytes(int host, uint8_t filetype) {
    if (filetype == WASI_FILETYPE_REGULAR_FILE) {
        struct stat st;
        off_t offset = lseek(host, 0, SEEK_CUR);
        if (fstat(host, &st) != 0 || offset < 0 || st.st_size <= offset) return 0;
        return (uint64_t)(st.st_size - offset);
    }
    int queued = 0;
    return ioctl(host, FIONREAD, &queued) == 0 && queued > 0 ? (uint64_t)queued : 0;
}

/* Room left for writing: in a pipe, or in a socket's send buffer; 0 where Linux cannot say. */
static uint64_t writable_bytes(int host, uint8_t filetype) {
    int capacity = 0, queued = 0;
    if (filetype == WASI_FILETYPE_SOCKET_STREAM || filetype == WASI_FILETYPE_SOCKET_DGRAM) {
        socklen_t len = sizeof capacity;
        if (getsockopt(host, SOL_SOCKET, SO_SNDBUF, &capacity, &len) != 0 || ioctl(host, TIOCOUTQ, &queued) != 0)
            return 0;
    } else {
        capacity = fcntl(host, F_GETPIPE_SZ);
        if (capacity < 0 || ioctl(host, FIONREAD, &queued) != 0) return 0;
    }
    return capacity > queued ? (uint64_t)(capacity - queued) : 0;
}

/* The error an fd event reports for POLLERR/POLLNVAL. */
static uint16_t poll_error(const waiter *w, short revents) {
    if (revents & POLLNVAL) return WASI_EBADF;
    int pending = 0;
    socklen_t len = sizeof pending;
    if (getsockopt(w->host, SOL_SOCKET, SO_ERROR, &pending, &len) == 0 && pending != 0)
        return (uint16_t)bsrt_wasi_errno_from_host(pending);
    return w->type == WASI_EVENTTYPE_FD_WRITE ? WASI_EPIPE : WASI_EIO;
}

/* Writes the event of waiter `w` if it is ready; returns whether it was. */
static bool write_event(const waiter *w, const struct pollfd *pollfds, uint64_t now, uint8_t *event) {
    uint16_t error = w->error, flags = 0;
    uint64_t nbytes = 0;
    if (w->type == WASI_EVENTTYPE_CLOCK) {
        if (now < w->deadline) return false;
    } else if (error == WASI_ESUCCESS) {
        short revents = pollfds[w->slot].revents;
        if (revents == 0) return false;
        if (revents & (POLLERR | POLLNVAL)) error = poll_error(w, revents);
        else if (w->type == WASI_EVENTTYPE_FD_READ) nbytes = readable_bytes(w->host, w->filetype);
        else nbytes = writable_bytes(w->host, w->filetype);
        if (revents & POLLHUP) flags = WASI_EVENT_FD_READWRITE_HANGUP;
    }
    memset(event, 0, EVENT_SIZE);
    bsrt_guest_write_u64(event, w->userdata);
    bsrt_guest_write_u16(event + EVENT_ERROR, error);
    bsrt_guest_write_u8(event + EVENT_TYPE, w->type);
    bsrt_guest_write_u64(event + EVENT_NBYTES, error == WASI_ESUCCESS ? nbytes : 0);
    bsrt_guest_write_u16(event + EVENT_FLAGS, error == WASI_ESUCCESS ? flags : 0);
    return true;
}

static uint32_t poll_oneoff(bsrt_instance *self, uint64_t in, uint64_t out, uint64_t nsubscriptions,
                            uint64_t ret_nevents, const subscription_layout *layout) {
    if (nsubscriptions == 0) return WASI_EINVAL; /* nothing could ever end the wait */
    /* More subscriptions than 2^32 cannot fit a 32-bit memory, and under wasix_64v1 would be
     * tens of gigabytes of them. */
    if (nsubscriptions > UINT32_MAX) return WASI_EINVAL;
    uint32_t n = (uint32_t)nsubscriptions;
    bsrt_memory *memory = bsrt_guest_memory(self);
    const uint8_t *subs = bsrt_guest_array(memory, in, n, layout->size);
    uint8_t *events = bsrt_guest_array(memory, out, n, EVENT_SIZE);
    uint8_t *nevents_out = bsrt_guest_ptr_field(memory, ret_nevents);
    if (subs == NULL || events == NULL || nevents_out == NULL) return WASI_EFAULT;
    /* n fits in memory, so these allocations are bounded by the guest's own size. */
    waiter *waiters = calloc(n, sizeof *waiters);
    struct pollfd *pollfds = calloc(n, sizeof *pollfds);
    nfds_t npollfds = 0;
    uint32_t err = waiters && pollfds ? read_subscriptions(subs, n, layout, waiters, pollfds, &npollfds) : WASI_ENOMEM;
    if (err == WASI_ESUCCESS) {
        bool ready_now;
        uint64_t deadline = earliest_deadline(waiters, n, &ready_now);
        err = wait_for_events(pollfds, npollfds, deadline, ready_now);
    }
    if (err == WASI_ESUCCESS) {
        uint64_t now = now_ns(CLOCK_MONOTONIC);
        uint32_t count = 0;
        for (uint32_t i = 0; i < n; i++)
            if (write_event(&waiters[i], pollfds, now, events + (size_t)count * EVENT_SIZE)) count++;
        bsrt_guest_write_ptr(memory, nevents_out, count);
    }
    free(waiters);
    free(pollfds);
    return err;
}

uint32_t bsrt_wasi_poll_oneoff(bsrt_instance *self, bsrt_ptr in, bsrt_ptr out, bsrt_size nsubscriptions, bsrt_ptr ret_nevents) {
    return poll_oneoff(self, in, out, nsubscriptions, ret_nevents, &preview1_layout);
}

uint32_t bsrt_wasi_unstable_poll_oneoff(bsrt_instance *self, bsrt_ptr in, bsrt_ptr out, bsrt_size nsubscriptions, bsrt_ptr ret_nevents) {
    return poll_oneoff(self, in, out, nsubscriptions, ret_nevents, &preview0_layout);
}
