/* net_epoll.c: epoll_create/epoll_ctl/epoll_wait on a WASIX fd_pipe and on a sock_pair:
 * readable after the peer writes, all four data fields echoed exactly, WASIX event bits
 * (OUT, RDHUP), ADD as 0 and as libc's 1 (which also modifies), MOD as 3, DEL as 2 with a
 * NULL event, timeout 0 and a 1 ns timeout returning no events, fd_close of the epoll
 * descriptor, and the errors. Needs no grant: sock_pair works without --allow-net. */
#include "net_test.h"

enum { OP_ADD = 0, OP_UPSERT = 1, OP_DEL = 2, OP_MOD = 3 };
enum { EV_IN = 1, EV_OUT = 2, EV_RDHUP = 4, EV_HUP = 32, EV_ET = 64 };
enum { WX_NOENT_ = 44 };

static epoll_event_wx event(uint32_t events, uint32_t ptr, uint32_t fd, uint32_t data1, uint64_t data2) {
    epoll_event_wx e;
    memset(&e, 0, sizeof e);
    e.events = events, e.ptr = ptr, e.fd = fd, e.data1 = data1, e.data2 = data2;
    return e;
}

static bool same_data(const epoll_event_wx *a, const epoll_event_wx *b) {
    return a->ptr == b->ptr && a->fd == b->fd && a->data1 == b->data1 && a->data2 == b->data2;
}

static uint32_t wait_events(uint32_t ep, epoll_event_wx *out, uint32_t max, uint64_t timeout) {
    uint32_t count = 99;
    if (wx_epoll_wait(ep, out, max, timeout, &count) != 0) return 98;
    return count;
}

static const uint64_t SECOND = 1000000000u, FOREVER = UINT64_MAX;

static void on_pipe(void) {
    uint32_t r = 0, w = 0, ep = 0;
    CHECK_EQ(wx_fd_pipe(&r, &w), WX_SUCCESS, "fd_pipe");
    CHECK_EQ(wx_epoll_create(&ep), WX_SUCCESS, "epoll_create");
    epoll_event_wx reg = event(EV_IN, 0x1234, r, 0x55, UINT64_C(0x1122334455667788));
    CHECK_EQ(wx_epoll_ctl(ep, OP_UPSERT, r, &reg), WX_SUCCESS, "epoll_ctl ADD (libc's 1) of a pipe");
    epoll_event_wx got[4];
    CHECK_EQ(wait_events(ep, got, 4, 0), 0, "an empty pipe: timeout 0 gives no events");
    __wasi_ciovec_t iov = {.buf = (const uint8_t *)"x", .buf_len = 1};
    size_t n = 0;
    CHECK(__wasi_fd_write(w, &iov, 1, &n) == 0 && n == 1, "write to the pipe");
    memset(got, 0xcc, sizeof got);
    CHECK_EQ(wait_events(ep, got, 4, 10 * SECOND), 1, "the pipe's read end is ready");
    CHECK_EQ(got[0].events, EV_IN, "the pipe event is IN");
    CHECK(same_data(&got[0], &reg), "the pipe event echoes ptr, fd, data1 and data2");
    CHECK(got[0].pad0 == 0 && got[0].pad1 == 0, "the event's padding is zeroed");
    CHECK_EQ(__wasi_fd_close(w), WX_SUCCESS, "close the write end");
    CHECK_EQ(wait_events(ep, got, 4, FOREVER), 1, "a pipe whose writer closed is ready (infinite timeout)");
    CHECK((got[0].events & EV_HUP) && (got[0].events & EV_IN), "a closed writer gives IN|HUP");
    CHECK(__wasi_fd_close(r) == 0, "close the read end");
    CHECK_EQ(__wasi_fd_close(ep), WX_SUCCESS, "fd_close of an epoll descriptor");
    uint32_t count;
    CHECK_EQ(wx_epoll_wait(ep, got, 4, 0, &count), WX_BADF, "epoll_wait after fd_close");
}

static void on_sockets(void) {
    uint32_t a = 0, b = 0, ep = 0, sent = 0;
    CHECK_EQ(wx_sock_pair(AF_UNIX_WX, STREAM, 0, &a, &b), WX_SUCCESS, "sock_pair for epoll");
    CHECK_EQ(wx_epoll_create(&ep), WX_SUCCESS, "epoll_create for sockets");
    epoll_event_wx reg = event(EV_IN | EV_OUT, 0, a, 0, 0);
    reg.ptr = 0xabcdef01;
    CHECK_EQ(wx_epoll_ctl(ep, OP_ADD, a, &reg), WX_SUCCESS, "epoll_ctl ADD (0) of a socket");
    CHECK_EQ(wx_epoll_ctl(ep, OP_ADD, a, &reg), WX_EXIST, "ADD twice is EXIST");
    epoll_event_wx got[4];
    CHECK_EQ(wait_events(ep, got, 4, 0), 1, "an idle socket is writable");
    CHECK(got[0].events == EV_OUT && same_data(&got[0], &reg), "OUT with the registered data");

    epoll_event_wx mod = event(EV_IN, 7, a, 8, 9);
    CHECK_EQ(wx_epoll_ctl(ep, OP_MOD, a, &mod), WX_SUCCESS, "epoll_ctl MOD (3)");
    CHECK_EQ(wait_events(ep, got, 4, 0), 0, "after MOD to IN an idle socket has no events");
    CHECK_EQ(wait_events(ep, got, 4, 1), 0, "a 1 ns timeout returns no events");
    CHECK(send_text(b, "wake", &sent) == 0, "the peer writes");
    CHECK_EQ(wait_events(ep, got, 4, 10 * SECOND), 1, "readable after the peer writes");
    CHECK(got[0].events == EV_IN && same_data(&got[0], &mod), "IN with the data given to MOD");

    epoll_event_wx upsert = event(EV_IN | EV_RDHUP | EV_ET, 0, a, 0xfeed, UINT64_MAX);
    CHECK_EQ(wx_epoll_ctl(ep, OP_UPSERT, a, &upsert), WX_SUCCESS, "libc's ADD (1) on a registered fd modifies");
    CHECK_EQ(wx_sock_shutdown(b, SHUT_WRITE), WX_SUCCESS, "the peer shuts down writing");
    CHECK_EQ(wait_events(ep, got, 4, 10 * SECOND), 1, "an event after the peer's shutdown");
    CHECK(got[0].events == (EV_IN | EV_RDHUP) && same_data(&got[0], &upsert), "IN|RDHUP with the upserted data");

    CHECK_EQ(wx_epoll_ctl(ep, OP_DEL, a, NULL), WX_SUCCESS, "epoll_ctl DEL (2) with a NULL event");
    CHECK_EQ(wait_events(ep, got, 4, 0), 0, "no events after DEL");
    CHECK_EQ(wx_epoll_ctl(ep, OP_DEL, a, NULL), WX_NOENT_, "DEL of an unregistered fd is NOENT");
    CHECK_EQ(wx_epoll_ctl(ep, OP_MOD, a, &mod), WX_NOENT_, "MOD of an unregistered fd is NOENT");

    /* two descriptors, each with its own data */
    epoll_event_wx ra = event(EV_OUT, 1, a, 0, 0), rb = event(EV_OUT, 2, b, 0, 0);
    CHECK(wx_epoll_ctl(ep, OP_ADD, a, &ra) == 0 && wx_epoll_ctl(ep, OP_ADD, b, &rb) == 0, "register both ends");
    uint32_t count = wait_events(ep, got, 4, 0);
    CHECK_EQ(count, 2, "both ends ready");
    CHECK(count == 2 && ((got[0].ptr == 1 && got[1].ptr == 2) || (got[0].ptr == 2 && got[1].ptr == 1)),
          "each event carries its own descriptor's data");
    CHECK_EQ(wait_events(ep, got, 1, 0), 1, "maxevents bounds the count");

    /* errors */
    epoll_event_wx odd = event(256, 0, a, 0, 0);
    CHECK_EQ(wx_epoll_ctl(ep, OP_MOD, a, &odd), WX_INVAL, "an unknown event bit");
    CHECK_EQ(wx_epoll_ctl(ep, 7, a, &ra), WX_INVAL, "an unknown op");
    CHECK_EQ(wx_epoll_ctl(ep, OP_ADD, 99, &ra), WX_BADF, "epoll_ctl of a closed number");
    CHECK_EQ(wx_epoll_ctl(99, OP_ADD, a, &ra), WX_BADF, "epoll_ctl on a closed epoll number");
    CHECK_EQ(wx_epoll_ctl(a, OP_ADD, b, &ra), WX_INVAL, "epoll_ctl on a non-epoll descriptor");
    CHECK_EQ(wx_epoll_ctl(ep, OP_ADD, ep, &ra), WX_INVAL, "an epoll descriptor cannot watch itself");
    CHECK_EQ(wx_epoll_ctl(ep, OP_ADD, a, (const epoll_event_wx *)0xfffffff0u), WX_FAULT, "epoll_ctl event checked");
    uint32_t c;
    CHECK_EQ(wx_epoll_wait(ep, got, 0, 0, &c), WX_INVAL, "maxevents 0");
    CHECK_EQ(wx_epoll_wait(ep, (epoll_event_wx *)0xffffff00u, 16, 0, &c), WX_FAULT, "epoll_wait events checked");
    CHECK_EQ(wx_epoll_create((uint32_t *)0xfffffffeu), WX_FAULT, "epoll_create pointer checked");

    CHECK(__wasi_fd_close(ep) == 0, "epoll closed");
    /* a new epoll descriptor (likely the same host number) starts with no registrations */
    CHECK_EQ(wx_epoll_create(&ep), WX_SUCCESS, "epoll_create again");
    CHECK_EQ(wait_events(ep, got, 4, 0), 0, "a new epoll descriptor has no events");
    CHECK_EQ(wx_epoll_ctl(ep, OP_ADD, a, &ra), WX_SUCCESS, "register on the new epoll");
    CHECK(wait_events(ep, got, 4, 0) == 1 && same_data(&got[0], &ra), "the new epoll echoes its own data");
    CHECK(__wasi_fd_close(ep) == 0 && __wasi_fd_close(a) == 0 && __wasi_fd_close(b) == 0, "sockets closed");
}

int main(void) {
    on_pipe();
    on_sockets();
    return wasix_failures;
}
