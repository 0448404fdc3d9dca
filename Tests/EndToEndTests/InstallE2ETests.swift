import ApprovalModel
import Foundation
import Testing
@testable import ApprovalTUI
import ProcessSupport

/// Installed like a real tool: `scripts/install.sh` builds the release binary with Swift's runtime
/// linked in, and the installed binary runs with the toolchain's libraries out of reach.
@Suite(.serialized)
struct InstallE2ETests {
    /// The checkout this test file is in.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theManPageNamesEveryCommand() throws {
        let page = try String(contentsOf: Self.root.appendingPathComponent("docs/approval-tui.1"), encoding: .utf8)
        for command in ApprovalTUICommand.configuration.subcommands {
            let name = command._commandName
            #expect(page.contains(name), "docs/approval-tui.1 lacks \(name): regenerate it (README, Installing)")
        }
    }

    /// A full release build (about ten minutes on two cores): run in CI, or with APPROVAL_TUI_INSTALL_TEST=1.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CI"] == "true"
        || ProcessInfo.processInfo.environment["APPROVAL_TUI_INSTALL_TEST"] == "1"))
    func theInstalledBinaryRunsWithoutTheSwiftToolchainAndUninstallRemovesIt() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("atui-install-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let prefix = work.appendingPathComponent("prefix").path
        func sh(_ script: String, timeout: Duration = .seconds(60)) async throws -> (status: Int32, out: String, err: String) {
            let out = work.appendingPathComponent("out-\(UUID().uuidString.prefix(6))").path
            let err = out + ".err"
            let child = try SpawnedCommand.Child(["/bin/sh", "-c", script], environment: nil, stdout: out, stderr: err)
            let status = try await child.exitStatus(timeout: timeout)
            return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "", (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
        }
        let quoted = { (path: String) in "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let install = try await sh(
            "cd \(quoted(Self.root.path)) && bash scripts/install.sh --prefix \(quoted(prefix)) --scratch-path \(quoted(work.appendingPathComponent("build").path))",
            timeout: .seconds(3600))
        #expect(install.status == 0, "install: \(install.out.suffix(2000)) \(install.err.suffix(2000))")
        let binary = prefix + "/bin/approval-tui"
        for file in ["share/bash-completion/completions/approval-tui", "share/zsh/site-functions/_approval-tui",
                     "share/fish/vendor_completions.d/approval-tui.fish", "share/man/man1/approval-tui.1",
                     "share/approval-tui/themes/default.toml"] {
            #expect(FileManager.default.fileExists(atPath: prefix + "/" + file), "\(file) is installed")
        }
        // The toolchain: the folder above the `swift` on PATH's bin/ (…/usr/bin/swift).
        let swift = try await sh("readlink -f \"$(command -v swift)\"")
        let toolchain = URL(fileURLWithPath: swift.out.trimmingCharacters(in: .whitespacesAndNewlines))
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let ldd = try await sh("ldd \(quoted(binary))")
        #expect(ldd.status == 0 && !ldd.out.contains(toolchain) && !ldd.out.contains("libswift") && !ldd.out.contains("libFoundation"),
                "only system libraries: \(ldd.out)")
        // With the toolchain hidden under an empty folder, the binary still runs: its help, the
        // local server, and the client against it.
        let data = work.path + "/data", log = work.path + "/serve.log"
        let inner = [
            "mount -t tmpfs none \(quoted(toolchain)) || exit 10",
            "test -z \"$(ls \(quoted(toolchain)))\" || exit 11",
            "\(quoted(binary)) --version || exit 12",
            "HOME=\(quoted(work.path)) \(quoted(binary)) serve --port 0 --data-dir \(quoted(data)) > \(quoted(log)) 2>&1 & pid=$!",
            "sleep 3",
            "port=$(sed -n 's/.*127\\.0\\.0\\.1:\\([0-9]*\\).*/\\1/p' \(quoted(log)) | head -1)",
            "HOME=\(quoted(work.path)) \(quoted(binary)) check --server http://127.0.0.1:$port --token-file \(quoted(data + "/approver.token"))",
            "status=$?; kill $pid; exit $status",
        ].joined(separator: "\n")
        let script = work.appendingPathComponent("hidden.sh").path
        try inner.write(toFile: script, atomically: true, encoding: .utf8)
        // With the toolchain hidden under an empty folder, the binary still runs: its version, the
        // local server, and the client against it.
        let hidden = try await sh("unshare -m /bin/sh \(quoted(script))", timeout: .seconds(60))
        #expect(hidden.status == 0, "without the toolchain: \(hidden.out) \(hidden.err)")
        #expect(hidden.out.contains("0.1.0") && hidden.out.contains("healthy"), "\(hidden.out)")
        let uninstall = try await sh("bash \(quoted(Self.root.path + "/scripts/install.sh")) --uninstall --prefix \(quoted(prefix))")
        #expect(uninstall.status == 0)
        #expect(!FileManager.default.fileExists(atPath: binary) && !FileManager.default.fileExists(atPath: prefix + "/share/man/man1/approval-tui.1"))
    }
}
