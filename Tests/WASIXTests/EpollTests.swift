import Foundation
import Testing

/// WASIX epoll (`runtime-c/src/wasix/epoll.c`) by `Tests/WASIXPrograms/net_epoll.c`, on a
/// WASIX pipe and on a socket pair; it needs no grant.
@Suite struct EpollTests {
    @Test func epollOnAPipeEchoesTheRegisteredData() async throws {
        let (directory, executable) = try await networkProgram("net_epoll")
        try await expectChecks(executable, in: directory, expected: [
            "epoll_ctl ADD (libc's 1) of a pipe", "an empty pipe: timeout 0 gives no events",
            "the pipe's read end is ready", "the pipe event is IN", "the pipe event echoes ptr, fd, data1 and data2",
            "the event's padding is zeroed", "a pipe whose writer closed is ready (infinite timeout)",
            "a closed writer gives IN|HUP", "fd_close of an epoll descriptor", "epoll_wait after fd_close",
        ])
    }

    @Test func epollOnASocketFollowsAddModDel() async throws {
        let (directory, executable) = try await networkProgram("net_epoll")
        try await expectChecks(executable, in: directory, expected: [
            "epoll_ctl ADD (0) of a socket", "ADD twice is EXIST", "an idle socket is writable",
            "OUT with the registered data", "epoll_ctl MOD (3)", "after MOD to IN an idle socket has no events",
            "a 1 ns timeout returns no events", "readable after the peer writes", "IN with the data given to MOD",
            "libc's ADD (1) on a registered fd modifies", "IN|RDHUP with the upserted data",
            "epoll_ctl DEL (2) with a NULL event", "no events after DEL", "DEL of an unregistered fd is NOENT",
            "MOD of an unregistered fd is NOENT", "both ends ready", "each event carries its own descriptor's data",
            "maxevents bounds the count",
        ])
    }

    @Test func epollRefusesBadArgumentsAndStartsCleanAfterClose() async throws {
        let (directory, executable) = try await networkProgram("net_epoll")
        try await expectChecks(executable, in: directory, expected: [
            "an unknown event bit", "an unknown op", "epoll_ctl of a closed number", "epoll_ctl on a closed epoll number",
            "epoll_ctl on a non-epoll descriptor", "an epoll descriptor cannot watch itself", "epoll_ctl event checked",
            "maxevents 0", "epoll_wait events checked", "epoll_create pointer checked",
            "a new epoll descriptor has no events", "the new epoll echoes its own data",
        ])
    }
}
