import Foundation
import Testing
import ProcessSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Drives the real `approval-tui` binary inside a detached tmux session, the way a person sees it.
///
/// Each driver owns one uniquely named session (120×40 unless told otherwise) and kills it when
/// `stop()` is called or the driver is released. Screens are read with `capture-pane -p -e`, so
/// the reverse-video attribute of the selected row is visible to `selectedRow()`.
final class TmuxDriver {
    let session: String
    private var stopped = false

    /// Starts `arguments` (the binary first) in a new session with the given extra environment.
    init(arguments: [String], environment: [String: String] = [:], columns: Int = 120, rows: Int = 40) throws {
        session = "atui-e2e-\(UUID().uuidString.prefix(8))"
        statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(session).status")
        var command = ["env", "ATUI_E2E_STATUS=\(statusFile.path)"]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { command.append("\(key)=\(value)") }
        // A fixed wrapper records the exit status (tmux 3.3a's #{pane_dead_status} stays empty);
        // the program and its arguments stay argv words, never part of the script.
        command += ["/bin/sh", "-c", "\"$@\"; echo $? > \"$ATUI_E2E_STATUS\"", "sh"] + arguments
        // tmux joins the words it is given into one shell command; quote each word for that shell.
        let shellCommand = command.map(Self.shellQuoted).joined(separator: " ")
        // A private tmux server per driver: its own socket, and a config that keeps the pane (and
        // so the last screen) after the program exits.
        configFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(session).tmux.conf")
        try "set -g remain-on-exit on\nset -g status off\n".write(to: configFile, atomically: true, encoding: .utf8)
        try run([
            "-f", configFile.path, "new-session", "-d", "-s", session, "-x", String(columns), "-y", String(rows),
            shellCommand,
        ])
    }

    private let configFile: URL
    private let statusFile: URL

    deinit { stop() }

    /// Kills the session (and with it the program).
    func stop() {
        guard !stopped else { return }
        stopped = true
        let serverPID = (try? run(["display-message", "-p", "-t", session, "#{pid}"]))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        // kill-session closes the pane's pty (the program gets SIGHUP); kill-server alone was seen
        // leaving tmux 3.3a waiting on a live pane forever.
        _ = try? run(["kill-session", "-t", session])
        _ = try? run(["kill-server"])
        try? FileManager.default.removeItem(at: configFile)
        try? FileManager.default.removeItem(at: statusFile)
        // tmux 3.3a was also seen ignoring kill-server and SIGTERM once its pane had died: the
        // server goes by SIGKILL when it is still there after a moment.
        if let serverPID { Self.killLingering(serverPID) }
        try? FileManager.default.removeItem(atPath: "/tmp/tmux-\(getuid())/\(session)")
    }

    /// SIGKILL for `pid` when it is still running (not a zombie) 300 ms from now.
    private static func killLingering(_ pid: pid_t) {
        let deadline = ContinuousClock.now + .milliseconds(300)
        while ContinuousClock.now < deadline {
            if kill(pid, 0) != 0 || isZombie(pid) { return }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
    }

    private static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
    }

    /// Types keys: tmux key names (`Enter`, `Escape`, `Up`, `Space`) or literal text with `literal`.
    func press(_ keys: String..., literal: Bool = false) throws {
        try run(["send-keys", "-t", session] + (literal ? ["-l"] : []) + keys)
    }

    /// Types `text` literally, character by character.
    func type(_ text: String) throws {
        try run(["send-keys", "-t", session, "-l", text])
    }

    /// The screen as plain text rows.
    func screen() throws -> [String] {
        try run(["capture-pane", "-p", "-t", session]).components(separatedBy: "\n")
    }

    /// The screen with escape sequences for attributes (`-e`).
    func styledScreen() throws -> [String] {
        try run(["capture-pane", "-p", "-e", "-t", session]).components(separatedBy: "\n")
    }

    /// Whether the program in the session has exited (its wrapper wrote the status).
    func hasExited() throws -> Bool {
        try exitStatus() != nil
    }

    /// The pid of the program: the child of the pane's wrapper shell.
    func programPID() throws -> pid_t {
        let shell = try run(["display-message", "-p", "-t", session, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return pid_t(children.split(separator: " ").first ?? "") ?? 0
    }

    /// The program's exit status once it has exited (128 + N when a signal N ended it).
    func exitStatus() throws -> Int? {
        guard let text = try? String(contentsOf: statusFile, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Waits until the program has exited.
    func waitForExit(timeout: Duration = .seconds(5)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try hasExited() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DriverError.timedOut("the program did not exit")
    }

    /// Waits until some row contains `text`; returns that row. Fails with the screen when it never shows.
    @discardableResult
    func waitForRow(containing text: String, timeout: Duration = .seconds(15)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let row = try screen().first(where: { $0.contains(text) }) { return row }
            try await Task.sleep(for: .milliseconds(50))
        }
        let shown = (try? screen().joined(separator: "\n")) ?? "(no screen)"
        throw DriverError.timedOut("no row contains \"\(text)\"; screen:\n\(shown)")
    }

    /// Waits until no row contains `text`.
    func waitForNoRow(containing text: String, timeout: Duration = .seconds(15)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try !screen().contains(where: { $0.contains(text) }) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        let shown = (try? screen().joined(separator: "\n")) ?? "(no screen)"
        throw DriverError.timedOut("a row still contains \"\(text)\"; screen:\n\(shown)")
    }

    /// Moves the focus down, then back up, until the focused row shows `text`; fails with the screen.
    func focusRow(containing text: String) async throws {
        for key in ["j", "k"] {
            for _ in 0..<12 {
                if try selectedRow()?.contains(text) == true { return }
                try press(key)
                try await Task.sleep(for: .milliseconds(120))
            }
        }
        let shown = try screen().joined(separator: "\n")
        throw DriverError.timedOut("could not focus \(text); selected: \(String(describing: try selectedRow()))\n\(shown)")
    }

    /// The plain text of the first row drawn in reverse video (the focused row), if any.
    func selectedRow() throws -> String? {
        let styled = try styledScreen()
        let plain = try screen()
        for (index, row) in styled.enumerated() where Self.hasReverseVideo(row) && index < plain.count {
            return plain[index]
        }
        return nil
    }

    static func hasReverseVideo(_ row: String) -> Bool {
        // SGR 7 alone or among other parameters: ESC[7m, ESC[1;7m, ESC[0;7;…m
        var remainder = Substring(row)
        while let start = remainder.range(of: "\u{1B}[") {
            let rest = remainder[start.upperBound...]
            guard let end = rest.firstIndex(of: "m") else { break }
            let parameters = rest[..<end].split(separator: ";")
            if parameters.contains("7") { return true }
            remainder = rest[end...]
        }
        return false
    }

    enum DriverError: Error, CustomStringConvertible {
        case timedOut(String)
        case tmuxFailed(String)
        var description: String {
            switch self {
            case .timedOut(let text), .tmuxFailed(let text): text
            }
        }
    }

    /// Runs tmux against this driver's private server.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        try Self.tmux(["-L", session] + arguments)
    }

    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        // Output goes to files, not pipes: the tmux server forked by `new-session` would inherit a
        // pipe and keep it open forever, so reading it to the end would never finish.
        let directory = FileManager.default.temporaryDirectory
        let outURL = directory.appendingPathComponent("atui-tmux-\(UUID().uuidString).out")
        let errURL = directory.appendingPathComponent("atui-tmux-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let status = try SpawnedCommand.run(["tmux"] + arguments, stdout: outURL.path, stderr: errURL.path)
        let output = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        guard status == 0 else {
            let errors = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            throw DriverError.tmuxFailed("tmux \(arguments.prefix(3).joined(separator: " ")): \(errors)")
        }
        return output
    }

    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Whether tmux is installed (end-to-end tests need it; CI installs it).
    static var isAvailable: Bool {
        (try? tmux(["-V"])) != nil
    }
}

/// Where the freshly built `approval-tui` binary is: next to the test bundle in `.build/<config>/`.
enum BuiltBinary {
    static var url: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the test binary is `.build/debug/approval-tuiPackageTests.xctest`.
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("approval-tui")
    }
}
