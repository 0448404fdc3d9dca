import Foundation
import ProcessSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A private home for one end-to-end test: its own XDG_STATE_HOME and XDG_CONFIG_HOME under a
/// temp dir, a free port for the embedded server (APPROVAL_TUI_PORT=0), and helpers to run the
/// built binary there. `remove()` deletes everything.
final class E2ESandbox {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("atui-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { remove() }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    /// The environment every command of this test runs with.
    var environment: [String: String] {
        [
            "XDG_STATE_HOME": root.appendingPathComponent("state").path,
            "XDG_CONFIG_HOME": root.appendingPathComponent("config").path,
            "APPROVAL_TUI_PORT": "0", "NO_COLOR": "1",
            "PRELOOP_URL": "", "PRELOOP_TOKEN": "", "APPROVAL_TUI_AGENT_TOKEN": "", "APPROVAL_TUI_SERVER": "",
            "APPROVAL_TUI_TOKEN": "", "APPROVAL_TUI_TOKEN_FILE": "", "APPROVAL_TUI_PROFILE": "",
        ]
    }

    /// The embedded server's data directory.
    var serverDirectory: URL { root.appendingPathComponent("state/approval-tui/server") }

    /// Policies with short timeouts (so `request --wait` polls every 2 s and `expire_*` calls
    /// expire in 2 s), written before the server first starts.
    func writeQuickPolicies() throws {
        try FileManager.default.createDirectory(at: serverDirectory, withIntermediateDirectories: true)
        try """
            [[policy]]
            name = "deploys"
            tools = ["deploy*"]
            justification = "required"
            timeout_seconds = 40

            [[policy]]
            name = "expiring"
            tools = ["expire_*"]
            timeout_seconds = 2

            [[policy]]
            name = "default"
            tools = ["*"]
            timeout_seconds = 40

            """.write(to: serverDirectory.appendingPathComponent("policies.toml"), atomically: true, encoding: .utf8)
    }

    /// A finished command's exit status and output.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts `approval-tui arguments…` in the background; its output goes to files named after `label`.
    func launch(_ arguments: [String], label: String, extra: [String: String] = [:]) throws -> SpawnedCommand.Child {
        try SpawnedCommand.Child(
            [BuiltBinary.url.path] + arguments, environment: environment.merging(extra) { $1 },
            stdout: outputFile(label, "out").path, stderr: outputFile(label, "err").path)
    }

    /// Starts `serve --port 0` (output labelled `serve`) and waits for its listening line.
    func serve() async throws -> SpawnedCommand.Child {
        let server = try launch(["serve", "--port", "0"], label: "serve")
        try await Self.waitUntil("the listening line") { output("serve", "out").contains("listening on") }
        return server
    }

    /// Waits for a launched command and reads its output.
    func finish(_ child: SpawnedCommand.Child, label: String, timeout: Duration = .seconds(30)) async throws -> Outcome {
        let status = try await child.exitStatus(timeout: timeout)
        return Outcome(status: status, stdout: output(label, "out"), stderr: output(label, "err"))
    }

    /// Runs `approval-tui arguments…` to the end.
    func run(_ arguments: [String], extra: [String: String] = [:], timeout: Duration = .seconds(30)) async throws -> Outcome {
        let label = "run-\(UUID().uuidString.prefix(6))"
        return try await finish(try launch(arguments, label: label, extra: extra), label: label, timeout: timeout)
    }

    /// What a launched command has written to standard output (`out`) or error (`err`) so far.
    func output(_ label: String, _ stream: String) -> String {
        (try? String(contentsOf: outputFile(label, stream), encoding: .utf8)) ?? ""
    }

    private func outputFile(_ label: String, _ stream: String) -> URL {
        root.appendingPathComponent("\(label).\(stream)")
    }

    /// Polls `condition` every 50 ms (running `prepare` before each look) until it holds; fails
    /// after `timeout` with `what`.
    static func waitUntil(
        _ what: String, timeout: Duration = .seconds(15), _ condition: () throws -> Bool,
        prepare: () async throws -> Void = {}
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            try await prepare()
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw SpawnedCommand.Failure(description: "timed out waiting for \(what)")
    }
}
