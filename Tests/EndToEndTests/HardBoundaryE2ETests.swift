import Foundation
import Testing
import ProcessSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The hard boundary, proven with real Unix users: the server runs as its own user
/// (`service install` makes it and its 0700 data dir), an agent user holds only an agent token,
/// an approver user holds their own 0600 token file. Needs root for useradd and setpriv (CI runs
/// as root); elsewhere the test is skipped with that reason. Users are removed even on failure.
@Suite(.serialized)
struct HardBoundaryE2ETests {
    static let isRoot = geteuid() == 0

    @Test func serviceInstallDryRunPrintsThePlanAndChangesNothing() async throws {
        let box = try Box()
        defer { box.remove() }
        let data = box.root.appendingPathComponent("data").path
        let user = "atdry\(box.suffix)"
        let dry = try await box.run([
            box.binary, "service", "install", "--dry-run", "--user", user, "--data-dir", data,
            "--unit-dir", box.root.appendingPathComponent("units").path, "--executable", box.binary,
        ])
        #expect(dry.status == 0, "dry run: \(dry.stderr)")
        #expect(dry.stdout.contains("dry run: nothing is changed"))
        #expect(dry.stdout.contains("create system user \(user)"))
        #expect(dry.stdout.contains("owner \(user), mode 0700"))
        #expect(dry.stdout.contains("User=\(user)"))
        #expect(dry.stdout.contains("ExecStart=\(box.binary) serve --data-dir \(data) --port 8600"))
        #expect(dry.stdout.contains("--role approver"))
        #expect(!FileManager.default.fileExists(atPath: data))
        #expect(!FileManager.default.fileExists(atPath: box.root.appendingPathComponent("units").path))
        #expect(getpwnam(user) == nil)
        for bad in [["--user", "Bad User"], ["--data-dir", "relative/dir"], ["--executable", "/tmp/a b"],
                    ["--data-dir", "/var/lib/%h"], ["--user", "x\u{1B}[2J"]] {
            let refused = try await box.run([box.binary, "service", "install", "--dry-run"] + bad)
            #expect(refused.status == 2, "\(bad)")
            #expect(!refused.stderr.isEmpty && !refused.stderr.contains("\u{1B}"))
        }
    }

    @Test(.enabled(if: isRoot, "needs root: creates Unix users with useradd and switches to them with setpriv"))
    func anAgentUserCannotReadApproverSecretsNorApproveButItsRequestsReachTheApprover() async throws {
        let box = try Box()
        let service = "atsvc\(box.suffix)"
        let agent = "atagt\(box.suffix)"
        let approver = "atapr\(box.suffix)"
        var server: SpawnedCommand.Child?
        defer {
            server?.signal(SIGKILL)
            _ = try? server?.waitBlocking()
            for user in [agent, approver] { _ = try? SpawnedCommand.run(["userdel", "-r", user], stdout: "/dev/null", stderr: "/dev/null") }
            _ = try? SpawnedCommand.run(["userdel", service], stdout: "/dev/null", stderr: "/dev/null")
            box.remove()
        }
        let data = box.root.appendingPathComponent("data").path
        let install = try await box.run([
            box.binary, "service", "install", "--user", service, "--data-dir", data, "--port", "0",
            "--unit-dir", box.root.appendingPathComponent("units").path, "--executable", box.binary, "--no-start",
        ])
        #expect(install.status == 0, "service install: \(install.stderr)")
        #expect(install.stdout.contains("create system user \(service)"))
        let serviceUID = try #require(getpwnam(service)).pointee.pw_uid
        var info = stat()
        #expect(stat(data, &info) == 0)
        #expect(info.st_uid == serviceUID)
        #expect(info.st_mode & 0o777 == 0o700)
        let unit = try String(contentsOfFile: box.root.appendingPathComponent("units/approval-tui.service").path, encoding: .utf8)
        #expect(unit.contains("User=\(service)") && unit.contains("UMask=0077"))

        for user in [agent, approver] {
            #expect(try await box.run(["useradd", "--create-home", "--shell", "/bin/sh", user]).status == 0)
        }
        // systemd does not run in CI: start what the unit's ExecStart says, as the service user.
        let started = try SpawnedCommand.Child(
            Box.asUser(service, [box.binary, "serve", "--data-dir", data, "--port", "0"]), environment: nil,
            stdout: box.file("serve.out"), stderr: box.file("serve.err"))
        server = started
        try await E2ESandbox.waitUntil("the service's listening line") { box.read("serve.out").contains("listening on") }
        let url = try #require(box.read("serve.out").split(separator: "\n").first { $0.hasPrefix("listening on ") }
            .map { String($0.dropFirst("listening on ".count)) })

        // Each holder gets their own token, made by the service user and stored 0600 in their home.
        let approverFile = try await box.issue(service, data: data, name: "alice", role: "approver", to: approver)
        let agentFile = try await box.issue(service, data: data, name: "ci-bot", role: "agent", to: agent)

        // The agent user can read neither the approver's token nor anything in the data dir.
        for path in [approverFile, "\(data)/server.sqlite", "\(data)/approver.token", "\(data)/agent.token"] {
            let read = try await box.run(Box.asUser(agent, ["cat", path]))
            #expect(read.status != 0, "the agent user read \(path)")
            #expect(read.stdout.isEmpty)
        }
        #expect(try await box.run(Box.asUser(agent, ["ls", data])).status != 0)

        // The agent asks, with its own token.
        let asked = try await box.run(Box.asUser(agent, [
            box.binary, "request", "--tool", "deploy_service", "--args", #"{"env":"prod"}"#,
            "--justification", "release over the hard boundary", "--server", url, "--token-file", agentFile,
        ]))
        #expect(asked.status == 0, "request: \(asked.stderr)")
        let id = try #require(asked.stdout.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })

        // The agent cannot decide: not with no server configured, not with its token, not with the server's file.
        let alone = try await box.run(Box.asUser(agent, [box.binary, "approve", id]))
        #expect(alone.status == 4)
        #expect(alone.stderr.contains("no server configured and no local server runs"))
        let withToken = try await box.run(Box.asUser(agent, [box.binary, "approve", id, "--server", url, "--token-file", agentFile]))
        #expect(withToken.status == 1)
        #expect(withToken.stderr.contains("agent credentials can never read or decide approval requests"))
        let withServerFile = try await box.run(Box.asUser(agent, [
            box.binary, "approve", id, "--server", url, "--token-file", "\(data)/approver.token",
        ]))
        #expect(withServerFile.status == 2)
        #expect(withServerFile.stderr.contains("approver.token"))

        // The request reached the approver's console (run as the approver user, in tmux) ...
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let console = try TmuxDriver(arguments: Box.asUser(approver, [
            "env", "LANG=C.UTF-8", "NO_COLOR=1", box.binary, "--server", url, "--token-file", approverFile,
        ]))
        try await console.waitForRow(containing: "deploy_service")
        try await console.waitForRow(containing: "alice")
        console.stop()
        // ... and `list`; the approver decides with their own token.
        let listed = try await box.run(Box.asUser(approver, [box.binary, "list", "--server", url, "--token-file", approverFile, "--json"]))
        #expect(listed.status == 0, "list as the approver: \(listed.stderr)")
        #expect(listed.stdout.contains(id))
        #expect(listed.stdout.contains("release over the hard boundary"))
        let approved = try await box.run(Box.asUser(approver, [box.binary, "approve", id, "--server", url, "--token-file", approverFile]))
        #expect(approved.status == 0, "approve as the approver: \(approved.stderr)")
        let after = try await box.run(Box.asUser(approver, [
            box.binary, "list", "--status", "approved", "--server", url, "--token-file", approverFile, "--json",
        ]))
        let votes = try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [[String: Any]]
        let vote = (votes?.first?["votes"] as? [[String: Any]])?.first
        #expect(vote?["principal"] as? String == "alice")
        #expect(vote?["source"] as? String == "command-line")
    }

    /// A fresh 0755 temp dir with a copy of the built binary, so other users can run it wherever the clone is.
    final class Box {
        let root: URL
        let suffix = String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(6))
        var binary: String { root.appendingPathComponent("bin/approval-tui").path }

        init() throws {
            root = URL(fileURLWithPath: "/tmp").appendingPathComponent("atui-boundary-\(suffix)")
            let bin = root.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            chmod(root.path, 0o755)
            chmod(bin.path, 0o755)
            // Written through a close-on-exec descriptor: a child spawned meanwhile by another test must
            // not inherit it, or exec'ing the copy fails with ETXTBSY.
            let bytes = try Data(contentsOf: BuiltBinary.url)
            let descriptor = open(binary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
            guard descriptor >= 0 else { throw SpawnedCommand.Failure(description: "cannot create \(binary)") }
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
            guard written == bytes.count else { throw SpawnedCommand.Failure(description: "cannot write \(binary)") }
            chmod(binary, 0o755)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }

        func file(_ name: String) -> String { root.appendingPathComponent(name).path }
        func read(_ name: String) -> String { (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? "" }

        /// `argv` run as `user` with that user's own clean environment (HOME, PATH from passwd).
        static func asUser(_ user: String, _ argv: [String]) -> [String] {
            ["setpriv", "--reuid", user, "--regid", user, "--init-groups", "--reset-env", "--"] + argv
        }

        func run(_ argv: [String]) async throws -> E2ESandbox.Outcome {
            let label = UUID().uuidString.prefix(8)
            var attempt = 0
            var spawned: SpawnedCommand.Child?
            while spawned == nil {
                do {
                    spawned = try SpawnedCommand.Child(
                        argv, environment: nil, stdout: file("\(label).out"), stderr: file("\(label).err"))
                } catch where attempt < 20 {
                    attempt += 1  // ETXTBSY while another process still holds the new copy open
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            let child = spawned!
            let status = try await child.exitStatus(timeout: .seconds(60))
            return E2ESandbox.Outcome(status: status, stdout: read("\(label).out"), stderr: read("\(label).err"))
        }

        /// A token made by the service user, written to `~holder/NAME.token` (0600, owned by the holder).
        func issue(_ service: String, data: String, name: String, role: String, to holder: String) async throws -> String {
            let made = try await run(Box.asUser(service, [binary, "token", "create", "--name", name, "--role", role, "--data-dir", data]))
            #expect(made.status == 0, "token create \(name): \(made.stderr)")
            let secret = try #require(made.stdout.split(separator: "\n").last.map(String.init))
            let entry = try #require(getpwnam(holder))
            let path = String(cString: entry.pointee.pw_dir) + "/\(name).token"
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            #expect(descriptor >= 0)
            _ = (secret + "\n").withCString { write(descriptor, $0, strlen($0)) }
            close(descriptor)
            chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid)
            return path
        }
    }
}
