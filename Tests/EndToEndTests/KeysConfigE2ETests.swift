import Foundation
import Testing

/// `[keys.*]` in the config file, `--config FILE` and `--poll-interval`, through the real binary.
@Suite struct KeysConfigE2ETests {
    private func write(_ text: String, in sandbox: E2ESandbox, name: String = "keys.toml") throws -> String {
        let url = sandbox.root.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func keysShowsTheRebindingsOfTheConfigFile() async throws {
        let sandbox = try E2ESandbox()
        let config = try write("[keys.queue]\napprove = [\"y\"]\n[keys.global]\nquit = \"ctrl-q\"\n", in: sandbox)
        let plain = try await sandbox.run(["keys"])
        #expect(plain.status == 0)
        #expect(!plain.stdout.contains("ctrl-q"))
        let rebound = try await sandbox.run(["keys", "--config", config])
        #expect(rebound.status == 0, "\(rebound.stderr)")
        #expect(rebound.stdout.contains("ctrl-q"))
        // Only the queue's approve moved; `a` still approves in the detail view.
        func section(_ title: String, of text: String) -> String {
            String(text.components(separatedBy: "## ").first { $0.hasPrefix(title) } ?? "")
        }
        #expect(section("Queue", of: plain.stdout).contains("| a | approve (marked: all, confirmed)"))
        #expect(section("Queue", of: rebound.stdout).contains("| y | approve (marked: all, confirmed)"))
        #expect(!section("Queue", of: rebound.stdout).contains("| a | approve"))
        #expect(section("Request", of: rebound.stdout).contains("| a | approve"))
    }

    @Test func anUnknownActionOrAClashNamesFileAndLine() async throws {
        let sandbox = try E2ESandbox()
        let unknown = try write("[keys.queue]\n\nexplode = [\"x\"]\n", in: sandbox)
        let refused = try await sandbox.run(["keys", "--config", unknown])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(unknown):3: unknown action \"explode\" in [keys.queue]"))
        let clash = try write("[keys.queue]\napprove = [\"j\"]\n", in: sandbox, name: "clash.toml")
        let clashed = try await sandbox.run(["keys", "--config", clash])
        #expect(clashed.status == 2)
        #expect(clashed.stderr.contains("\(clash):2: key j is bound to both move_down and approve in [keys.queue]"))
        // The console refuses it the same way, before it touches the terminal.
        let console = try await sandbox.run(["--config", clash])
        #expect(console.status == 2)
        #expect(console.stderr.contains("\(clash):2: key j"))
    }

    @Test func aMissingConfigFileAndATooShortPollIntervalAreRefused() async throws {
        let sandbox = try E2ESandbox()
        let missing = try await sandbox.run(["list", "--config", sandbox.root.appendingPathComponent("nope.toml").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.toml"))
        let short = try await sandbox.run(["--poll-interval", "0.01"])
        #expect(short.status == 2)
        #expect(short.stderr.contains("--poll-interval"))
    }
}
