import Foundation
import TestSupport
import Testing

/// Sockets the host hands in (socket_echo.c, driven by handed_socket.py): sock_accept,
/// sock_recv, sock_send and sock_shutdown on a listening TCP socket passed as descriptor 3,
/// natively and through bs-aot, with and without grants in front of it.
@Suite(.serialized)
struct SocketTests {
    let driver = programsDirectory.appendingPathComponent("handed_socket.py").path

    func serve(_ executable: URL, _ arguments: [String], in directory: URL) async throws -> ProcessResult {
        try await runProcess("/usr/bin/env", ["python3", driver, executable.path] + arguments, in: directory)
    }

    @Test func aHandedInListenerServesAConnectionAsNatively() async throws {
        let built = try await GrantedBuilds.shared.build("socket_echo", options: [])
        let directory = try makeScratchDirectory("socket-echo")
        let native = try await serve(try #require(built.native), [], in: directory)
        let aot = try await serve(built.aot, [], in: directory)
        #expect(native.status == 0, "driver: \(native.stderrText)")
        #expect(native.stdoutText.hasPrefix("reply: HELLO SOCKET\nstatus: 0\nreceived 12 bytes\n"), "\(native.stdoutText)")
        #expect(aot.status == 0, "driver: \(aot.stderrText)")
        #expect(aot.stdoutText == native.stdoutText)
    }

    @Test func theSocketIsNumberedAfterTheGrants() async throws {
        // With one grant at 3, the handed-in socket is the guest's 4 (grants come first: the
        // guest's libc stops looking for pre-opened directories at the first number that is not one).
        let built = try await GrantedBuilds.shared.build("socket_echo", options: ["--dir", "."])
        let directory = try makeScratchDirectory("socket-echo-granted")
        let aot = try await serve(built.aot, ["4"], in: directory)
        #expect(aot.status == 0, "driver: \(aot.stderrText)")
        #expect(aot.stdoutText.hasPrefix("reply: HELLO SOCKET\nstatus: 0\nreceived 12 bytes\nsent 12 bytes\n"), "\(aot.stdoutText)")
    }
}
