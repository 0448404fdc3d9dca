import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The console gives the terminal back and ends, whatever ends it.
@Suite(.serialized)
struct ConsoleLifecycleE2ETests {
    @Test func sigtermRestoresTheTerminalAndExits() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        let console = try TmuxDriver(arguments: fixture.consoleArguments(), environment: fixture.consoleEnvironment)
        defer { console.stop() }
        try await console.waitForRow(containing: "0 pending")
        kill(try console.programPID(), SIGTERM)
        try await console.waitForExit()
        let status = try console.exitStatus()
        #expect(status == 128 + Int(SIGTERM), "exit status \(String(describing: status))")
        // The alternate screen is gone: the console's status line is no longer on the screen.
        #expect(try console.screen().joined().contains("pending ·") == false)
    }

    @Test func aClosedTerminalLeavesNoProcessBehind() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        let console = try TmuxDriver(arguments: fixture.consoleArguments(), environment: fixture.consoleEnvironment)
        try await console.waitForRow(containing: "0 pending")
        let pid = try console.programPID()
        #expect(pid > 0)
        console.stop()  // kills the tmux server: the pty closes under the console
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, Self.isRunning(pid) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!Self.isRunning(pid), "approval-tui (pid \(pid)) still runs after its terminal closed")
    }

    @Test func aTwentyColumnTerminalGetsAOneLineMessage() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        try await fixture.submitToolCall("restart_cache", args: [:], justification: "stale")
        let console = try TmuxDriver(
            arguments: fixture.consoleArguments(), environment: fixture.consoleEnvironment, columns: 20, rows: 10)
        defer { console.stop() }
        try await console.waitForRow(containing: "too small")
        try console.run(["resize-window", "-t", console.session, "-x", "80", "-y", "24"])
        try await console.waitForRow(containing: "restart_cache")
        try console.press("q")
        try await console.waitForExit()
        let status = try console.exitStatus()
        let screen = try console.screen()
        #expect(status == 0, "exit status \(String(describing: status)); screen: \(screen)")
    }

    /// Whether `pid` is a live process: an exited one no parent has reaped yet (a zombie) is not.
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }
}

/// A loopback port that accepts connections (the kernel's backlog) and never answers them.
final class SilentServer {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
                bind(fd, raw, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard fd >= 0, ok else { throw POSIXError(.EADDRINUSE) }
        descriptor = fd
        // Never handed to the console or tmux started later.
        _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC)
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

@Suite(.serialized)
struct ConsoleStuckServerE2ETests {
    @Test func sigtermEndsTheConsoleEvenWhileARequestHangs() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let silent = try SilentServer()
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        let console = try TmuxDriver(
            arguments: [BuiltBinary.url.path, "--server", "http://127.0.0.1:\(silent.port)", "--token-file",
                        fixture.approverTokenFile],
            environment: fixture.consoleEnvironment)
        defer { console.stop() }
        try await console.waitForRow(containing: "pending")
        try await Task.sleep(for: .milliseconds(300))
        kill(try console.programPID(), SIGTERM)
        try await console.waitForExit(timeout: .seconds(8))
        #expect(try console.exitStatus() == 128 + Int(SIGTERM))
    }
}
