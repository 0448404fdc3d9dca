import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The real `approval-tui` running in a pseudo-terminal of 200×60: we type into it and read what
/// it paints, timestamping every read with `ContinuousClock`.
///
/// The child is spawned with `posix_spawn` in a new session (`POSIX_SPAWN_SETSID`) and opens the
/// terminal device as fds 0–2, which makes it its controlling terminal. State and config live in a
/// temporary directory (XDG_STATE_HOME, XDG_CONFIG_HOME, HOME), removed by `finish()` unless the
/// caller passed it in.
final class ConsoleProcess {
    let pid: pid_t
    let terminal: PseudoTerminal
    let clock = ContinuousClock()
    /// When the child was spawned.
    let startedAt: ContinuousClock.Instant
    /// Every byte read so far.
    private(set) var totalBytes = 0
    private(set) var hasExited = false
    private let home: URL
    /// Whether `finish()` removes `home` (it made it) or leaves it for the next launch.
    private let ownsHome: Bool

    /// Spawns `binary --server serverURL` plus `arguments`, in `home` (kept afterwards) or a fresh one.
    init(binary: String, serverURL: String, arguments: [String] = [], home: URL? = nil) throws {
        ownsHome = home == nil
        self.home = home ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("approval-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: self.home, withIntermediateDirectories: true)
        terminal = try PseudoTerminal(columns: 200, rows: 60)
        let environment = [
            "TERM=xterm-256color", "LANG=C.UTF-8", "HOME=\(self.home.path)",
            "XDG_STATE_HOME=\(self.home.path)/state", "XDG_CONFIG_HOME=\(self.home.path)/config",
            "PATH=/usr/bin:/bin",
        ]
        let argv = [binary, "--server", serverURL] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, terminal.devicePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Self.spawnSetSID)
        var child: pid_t = 0
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup($0) } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        let status = posix_spawn(&child, binary, &actions, &attributes, cArgs, cEnv)
        guard status == 0 else { throw BenchmarkError.system("posix_spawn \(binary)", status) }
        pid = child
        startedAt = clock.now
    }

    /// glibc's `POSIX_SPAWN_SETSID` (hidden from Swift's Glibc module without `_GNU_SOURCE`).
    private static let spawnSetSID: Int16 = 0x80

    /// Types `bytes` and returns the instant just before the write.
    @discardableResult
    func type(_ bytes: [UInt8]) -> ContinuousClock.Instant {
        let now = clock.now
        terminal.write(bytes)
        return now
    }

    /// Reads until `quiet` passes with no output after at least one byte arrived, or `timeout`
    /// passes. Returns the instant of the last read (nil if nothing came) and the bytes read.
    func readUntilQuiet(quiet: Duration, timeout: Duration) -> (last: ContinuousClock.Instant?, bytes: [UInt8]) {
        let deadline = clock.now + timeout
        var last: ContinuousClock.Instant?
        var bytes: [UInt8] = []
        while !hasExited {
            let now = clock.now
            if now >= deadline { break }
            let wait = last == nil ? deadline - now : min(quiet, deadline - now)
            guard let chunk = terminal.read(timeout: wait) else {
                hasExited = true
                break
            }
            if chunk.isEmpty {
                if last != nil { break }
                continue
            }
            last = clock.now
            bytes += chunk
            totalBytes += chunk.count
        }
        return (last, bytes)
    }

    /// Reads everything for `duration`; returns the bytes.
    func read(for duration: Duration) -> [UInt8] {
        let deadline = clock.now + duration
        var bytes: [UInt8] = []
        while !hasExited, clock.now < deadline {
            guard let chunk = terminal.read(timeout: deadline - clock.now) else {
                hasExited = true
                break
            }
            bytes += chunk
            totalBytes += chunk.count
        }
        return bytes
    }

    /// Reads until `predicate` holds for a chunk, or `timeout`; returns the instant of that chunk.
    func read(until predicate: ([UInt8]) -> Bool, timeout: Duration) -> ContinuousClock.Instant? {
        let deadline = clock.now + timeout
        while !hasExited, clock.now < deadline {
            guard let chunk = terminal.read(timeout: deadline - clock.now) else {
                hasExited = true
                break
            }
            totalBytes += chunk.count
            if !chunk.isEmpty, predicate(chunk) { return clock.now }
        }
        return nil
    }

    /// CPU time the child has used so far (from /proc).
    var cpuTime: Duration? { ProcessResources.cpuTime(of: pid) }

    /// Peak resident memory of the child so far.
    var peakResidentBytes: Int? { ProcessResources.peakResidentBytes(of: String(pid)) }

    /// Quits the console (ctrl-c), reaps it (SIGKILL after 3 s), removes its home; returns its
    /// CPU time as the kernel accounted it at exit.
    @discardableResult
    func finish() -> Duration {
        type([0x03])
        let deadline = clock.now + .seconds(3)
        var status: Int32 = 0
        var usage = rusage()
        while true {
            _ = read(for: .milliseconds(20))
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid || reaped < 0 { break }
            if clock.now >= deadline {
                kill(pid, SIGKILL)
                _ = wait4(pid, &status, 0, &usage)
                break
            }
        }
        if ownsHome { try? FileManager.default.removeItem(at: home) }
        return .seconds(Int64(usage.ru_utime.tv_sec)) + .microseconds(Int64(usage.ru_utime.tv_usec))
            + .seconds(Int64(usage.ru_stime.tv_sec)) + .microseconds(Int64(usage.ru_stime.tv_usec))
    }
}
