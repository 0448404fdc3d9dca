import ApprovalModel
import Foundation
import Testing

/// One console on two local servers (`--profile team --profile mine`), in tmux: one merged queue
/// with a server column and a status per server; a decision lands on the server its request came
/// from; one server killed mid-run leaves its rows dimmed as last known while the other keeps
/// working; `:server NAME` narrows and `:server all` widens.
@Suite(.serialized)
struct MultiServerE2ETests {
    @Test func oneConsoleOnTwoServersDecidesOnTheRightOneAndSurvivesOneDying() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let team = try await LocalServerFixture()
        let mine = try await LocalServerFixture()
        defer { Task { await team.stop(); await mine.stop() } }
        let teamID = try #require(try await team.submitToolCall("team_deploy", args: ["env": "prod"], justification: "release 2.4"))
        let mineID = try #require(try await mine.submitToolCall("mine_cleanup", args: [:], justification: "disk full"))

        let configFolder = team.root.appendingPathComponent("config/approval-tui")
        try FileManager.default.createDirectory(at: configFolder, withIntermediateDirectories: true)
        try """
            servers = ["team", "mine"]

            [profiles.team]
            server = "\(team.url)"
            token_file = "\(team.approverTokenFile)"
            poll_interval = 0.5

            [profiles.mine]
            server = "\(mine.url)"
            token_file = "\(mine.approverTokenFile)"
            poll_interval = 0.5
            """.write(to: configFolder.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)

        // `servers = [...]` opens both, with no --profile.
        let console = try TmuxDriver(arguments: [BuiltBinary.url.path], environment: team.consoleEnvironment)
        defer { console.stop() }
        let teamRow = try await console.waitForRow(containing: "team_deploy")
        let mineRow = try await console.waitForRow(containing: "mine_cleanup")
        #expect(teamRow.contains("team"))
        #expect(mineRow.contains("mine"))
        #expect(try console.screen().contains { $0.contains("server") && $0.contains("tool") })
        _ = try await console.waitForRow(containing: "team live")
        _ = try await console.waitForRow(containing: "mine live")

        // Approve mine's request: it lands on mine, and team's stays pending.
        try await console.focusRow(containing: "mine_cleanup")
        try console.press("a")
        _ = try await console.waitForRow(containing: "approved mine_cleanup")
        #expect(try console.screen().filter { $0.contains("mine_cleanup") }.count == 1, "only the status line names it")
        #expect(try await mine.approverClient().approvalRequest(id: mineID).status == .approved)
        #expect(try await team.approverClient().approvalRequest(id: teamID).status == .pending)

        // Kill team's server: its row stays, marked last known; mine keeps working.
        await team.stopServerOnly()
        _ = try await console.waitForRow(containing: "team not answering since", timeout: .seconds(45))
        #expect(try console.screen().contains { $0.contains("team_deploy") })
        _ = try await mine.submitToolCall("mine_rotate", args: [:], justification: "weekly")
        _ = try await console.waitForRow(containing: "mine_rotate")
        #expect(try console.screen().contains { $0.contains("team retrying since") && $0.contains("mine live") })

        // Narrow to mine, then widen again.
        try console.type(":server mine")
        try console.press("Enter")
        try await console.waitForNoRow(containing: "team_deploy")
        _ = try await console.waitForRow(containing: "showing mine only")
        try console.type(":server all")
        try console.press("Enter")
        _ = try await console.waitForRow(containing: "team_deploy")

        // Approving team's last known row while team is down: not sent anywhere else, and said.
        // (The banner is drawn in reverse video too, so the focus is moved by position: team's
        // row has the soonest deadline, first.)
        try console.press("g")
        try console.press("a")
        _ = try await console.waitForRow(containing: "could not decide team_deploy", timeout: .seconds(45))
        #expect(try console.screen().contains { $0.contains("mine_rotate") })
    }

    @Test func onlyTheConsoleTakesSeveralProfilesAndAListItCannotOpenSaysWhy() async throws {
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let config = sandbox.root.appendingPathComponent("config.toml").path
        try """
            [profiles.team]
            server = "http://127.0.0.1:9"
            token = "t"
            [profiles.mine]
            server = "http://localhost:9"
            token = "m"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let list = try await sandbox.run(["list", "--config", config, "--profile", "team", "--profile", "mine"])
        #expect(list.status == 2 && list.stderr.contains("only the console opens several servers"), "\(list.stderr)")
        let console = try await sandbox.run(["--config", config, "--profile", "team", "--profile", "mine"])
        #expect(console.status == 2, "\(console.stderr)")
        #expect(console.stderr.contains("profiles team and mine name the same server (http://localhost:9)"), "\(console.stderr)")
    }
}
