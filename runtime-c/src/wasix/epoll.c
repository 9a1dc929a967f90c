/*
 * wasix/epoll.c: epoll_create, epoll_ctl, epoll_wait (abi/wasix.md §3.7, §4.8, §4.11, §5.10)
 * on the host's epoll.
 *
 * An epoll descriptor is a host epoll instance entered in the guest's descriptor table (so
 * fd_close closes it like any descriptor). What differs from Linux, and how:
 * - Event bits: WASIX numbers them 1 IN, 2 OUT, 4 RDHUP, 8 PRI, 16 ERR, 32 HUP, 64 ET,
 *   128 ONESHOT; they are translated bit by bit both ways. Unknown bits are INVAL.
 * - Descriptors: the guest registers guest numbers; the host registers the host descriptor
 *   behind each, and Linux's 64-bit epoll_data carries the guest number back.
 * - User data: epoll_data_t has four fields (ptr, fd, data1, data2: 24 bytes), more than
 *   Linux's 64 bits, and the guest gets back exactly what it registered. They live in a side
 *   table, one per host epoll descriptor, indexed by guest number, behind one mutex (held
 *   across epoll_ctl and the table update, so a waiter never sees an event before the data
 *   registered with it). epoll_create clears any table left under the same host number by
 *   an epoll descriptor the guest closed. An event with no table entry (the epoll descriptor
 *   was duplicated with fd_dup, which makes a new host number) still names its descriptor:
 *   fd is the guest number, the other fields 0 (wasix-libc reads the first nonzero field).
 * - Operations: wasix-libc sends Linux's EPOLL_CTL_ADD 1 / DEL 2 / MOD 3, the witx says ADD 0 /
 *   MOD 1 / DEL 2 (§8.2). Both are accepted: 0 ADD, 1 ADD or, if already registered, MOD,
 *   2 DEL, 3 MOD.
 * - epoll_wait's timeout is in ns (all-ones: forever), rounded up to Linux's milliseconds so a
 *   short timeout never becomes a busy poll; maxevents above 1024 is served 1024 at a time.
 * wasix_64v1's epoll_data_t has an 8-byte ptr: fields at ptr @8, fd @16, data1 @20,
 * data2 @24 of the 32-byte event instead of @8, @12, @16, @24 (§4.14).
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "wasix_internal.h"

#define EVENT_SIZE 32u
#define MAX_EVENTS_PER_WAIT 1024u

enum { OP_ADD = 0, OP_UPSERT = 1, OP_DEL = 2, OP_MOD = 3 };

/* WASIX event bit i ↔ Linux bit linux_bits[i]. */
static const uint32_t linux_bits[] = {EPOLLIN, EPOLLOUT, EPOLLRDHUP, EPOLLPRI, EPOLLERR, EPOLLHUP, EPOLLET, EPOLLONESHOT};
#define EVENT_BITS ((uint32_t)sizeof linux_bits / sizeof linux_bits[0])

static bool events_to_linux(uint32_t wasix, uint32_t *out) {
    if (wasix >> EVENT_BITS) return false;
    uint32_t bits = 0;
    for (uint32_t i = 0; i < EVENT_BITS; i++)
        if (wasix & (1u << i)) bits |= linux_bits[i];
    *out = bits;
    return true;
}

static uint32_t events_from_linux(uint32_t bits) {
    uint32_t wasix = 0;
    for (uint32_t i = 0; i < EVENT_BITS; i++)
        if (bits & linux_bits[i]) wasix |= 1u << i;
    return wasix;
}

/* ---- the side table of epoll_data_t ------------------------------------------------------ */

typedef struct epoll_data_guest {
    bool used;
    uint32_t fd, data1;
    uint64_t ptr, data2;
} epoll_data_guest;

typedef struct epoll_side {
    epoll_data_guest *slots; /* indexed by guest descriptor number */
    uint32_t count;
} epoll_side;

static pthread_mutex_t side_lock = PTHREAD_MUTEX_INITIALIZER;
static epoll_side *sides; /* indexed by host epoll descriptor */
static uint32_t side_count;

/* With side_lock held: the slot for guest fd under host epoll descriptor epfd, grown into
 * existence when `create`; NULL when absent (or out of memory). */
static epoll_data_guest *slot_of(int epfd, uint32_t fd, bool create) {
    if (epfd < 0) return NULL;
    uint32_t e = (uint32_t)epfd;
    if (e >= side_count) {
        if (!create) return NULL;
        uint32_t grown = side_count ? side_count : 16;
        while (grown <= e) grown *= 2;
        epoll_side *bigger = realloc(sides, grown * sizeof *bigger);
        if (bigger == NULL) return NULL;
        memset(bigger + side_count, 0, (grown - side_count) * sizeof *bigger);
        sides = bigger;
        side_count = grown;
    }
    epoll_side *side = &sides[e];
    if (fd >= side->count) {
        if (!create) return NULL;
        uint32_t grown = side->count ? side->count : 16;
        while (grown <= fd) grown *= 2;
        epoll_data_guest *bigger = realloc(side->slots, grown * sizeof *bigger);
        if (bigger == NULL) return NULL;
        memset(bigger + side->count, 0, (grown - side->count) * sizeof *bigger);
        side->slots = bigger;
        side->count = grown;
    }
    return &side->slots[fd];
}

static void forget_side(int epfd) {
    pthread_mutex_lock(&side_lock);
    if (epfd >= 0 && (uint32_t)epfd < side_count) {
        free(sides[epfd].slots);
        sides[epfd] = (epoll_side){0};
    }
    pthread_mutex_unlock(&side_lock);
}

/* ---- the calls --------------------------------------------------------------------------- */

/* Polling, flags and stat: what an epoll descriptor can do besides epoll_ctl/epoll_wait. */
#define EPOLL_RIGHTS (WASI_RIGHT_POLL_FD_READWRITE | WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_FILESTAT_GET)

uint32_t bsrt_wasix_epoll_create(bsrt_instance *self, bsrt_ptr ret_fd) {
    uint8_t *fd_out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_fd, 4);
    if (fd_out == NULL) return WASI_EFAULT;
    int host = epoll_create1(EPOLL_CLOEXEC);
    if (host < 0) return bsrt_wasi_errno_from_host(errno);
    forget_side(host); /* left by a closed epoll descriptor with this host number */
    uint32_t fd;
    uint32_t err = wasi_fd_insert(host, WASI_FILETYPE_UNKNOWN, EPOLL_RIGHTS, 0, &fd);
    if (err != WASI_ESUCCESS) {
        close(host);
        return err;
    }
    bsrt_guest_write_u32(fd_out, fd);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_epoll_ctl(bsrt_instance *self, uint32_t epfd, uint32_t op, uint32_t fd, bsrt_ptr event) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    if (op > OP_MOD) return WASI_EINVAL;
    epoll_data_guest data = {.used = true};
    struct epoll_event host_event = {.data.u64 = fd};
    if (op != OP_DEL) { /* DEL ignores the event (wasix-libc passes NULL) */
        const uint8_t *in = bsrt_guest_bytes(memory, event, EVENT_SIZE);
        if (in == NULL) return WASI_EFAULT;
        uint32_t bits; /* struct epoll_event is packed on x86_64: no pointer into it */
        if (!events_to_linux(bsrt_guest_read_u32(in), &bits)) return WASI_EINVAL;
        host_event.events = bits;
        bool wide = bsrt_guest_ptr_size(memory) == 8;
        data.ptr = bsrt_guest_read_ptr(memory, in + 8);
        data.fd = bsrt_guest_read_u32(in + (wide ? 16 : 12));
        data.data1 = bsrt_guest_read_u32(in + (wide ? 20 : 16));
        memcpy(&data.data2, in + 24, 8);
    }
    wasi_fd poller, target;
    uint32_t err = wasi_fd_lookup(epfd, 0, &poller);
    if (err != WASI_ESUCCESS) return err;
    if ((err = wasi_fd_lookup(fd, WASI_RIGHT_POLL_FD_READWRITE, &target)) != WASI_ESUCCESS) return err;
    pthread_mutex_lock(&side_lock);
    int rc;
    switch (op) {
    case OP_ADD: rc = epoll_ctl(poller.host, EPOLL_CTL_ADD, target.host, &host_event); break;
    case OP_UPSERT:
        rc = epoll_ctl(poller.host, EPOLL_CTL_ADD, target.host, &host_event);
        if (rc != 0 && errno == EEXIST) rc = epoll_ctl(poller.host, EPOLL_CTL_MOD, target.host, &host_event);
        break;
    case OP_DEL: rc = epoll_ctl(poller.host, EPOLL_CTL_DEL, target.host, NULL); break;
    default: rc = epoll_ctl(poller.host, EPOLL_CTL_MOD, target.host, &host_event); break;
    }
    if (rc != 0) err = bsrt_wasi_errno_from_host(errno);
    else if (op == OP_DEL) {
        epoll_data_guest *slot = slot_of(poller.host, fd, false);
        if (slot) *slot = (epoll_data_guest){0};
    } else {
        epoll_data_guest *slot = slot_of(poller.host, fd, true);
        if (slot) *slot = data;
        else {
            /* No memory to remember the data: undo, so the guest never gets an event back
             * with data it did not register. */
            (void)epoll_ctl(poller.host, EPOLL_CTL_DEL, target.host, NULL);
            err = WASI_ENOMEM;
        }
    }
    pthread_mutex_unlock(&side_lock);
    return err;
}

uint32_t bsrt_wasix_epoll_wait(bsrt_instance *self, uint32_t epfd, bsrt_ptr events, bsrt_size maxevents, uint64_t timeout, bsrt_ptr ret_count) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *out = bsrt_guest_array(memory, events, maxevents, EVENT_SIZE);
    uint8_t *count_out = bsrt_guest_bytes(memory, ret_count, bsrt_guest_ptr_size(memory));
    if (out == NULL || count_out == NULL) return WASI_EFAULT;
    if (maxevents == 0) return WASI_EINVAL; /* as Linux */
    wasi_fd poller;
    uint32_t err = wasi_fd_lookup(epfd, 0, &poller);
    if (err != WASI_ESUCCESS) return err;
    int ms;
    if (timeout == UINT64_MAX) ms = -1;
    else {
        uint64_t rounded = timeout / 1000000 + (timeout % 1000000 != 0);
        ms = rounded > INT_MAX ? INT_MAX : (int)rounded;
    }
    uint32_t capacity = maxevents < MAX_EVENTS_PER_WAIT ? (uint32_t)maxevents : MAX_EVENTS_PER_WAIT;
    struct epoll_event small[64];
    struct epoll_event *host_events = capacity <= 64 ? small : malloc(capacity * sizeof *host_events);
    if (host_events == NULL) return WASI_ENOMEM;
    int n = epoll_wait(poller.host, host_events, (int)capacity, ms);
    if (n < 0) {
        err = bsrt_wasi_errno_from_host(errno);
        if (host_events != small) free(host_events);
        return err;
    }
    bool wide = bsrt_guest_ptr_size(memory) == 8;
    pthread_mutex_lock(&side_lock);
    for (int i = 0; i < n; i++) {
        uint32_t guest_fd = (uint32_t)host_events[i].data.u64;
        epoll_data_guest *slot = slot_of(poller.host, guest_fd, false);
        epoll_data_guest data = slot && slot->used ? *slot : (epoll_data_guest){.fd = guest_fd};
        uint8_t *e = out + (size_t)i * EVENT_SIZE;
        memset(e, 0, EVENT_SIZE);
        bsrt_guest_write_u32(e, events_from_linux(host_events[i].events));
        bsrt_guest_write_ptr(memory, e + 8, data.ptr);
        bsrt_guest_write_u32(e + (wide ? 16 : 12), data.fd);
        bsrt_guest_write_u32(e + (wide ? 20 : 16), data.data1);
        bsrt_guest_write_u64(e + 24, data.data2);
    }
    pthread_mutex_unlock(&side_lock);
    if (host_events != small) free(host_events);
    bsrt_guest_write_ptr(memory, count_out, (uint64_t)n);
    return WASI_ESUCCESS;
}
