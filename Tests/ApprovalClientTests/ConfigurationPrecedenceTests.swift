import Foundation
import Testing
@testable import ApprovalClient
@testable import ApprovalModel

/// Each level of configuration shown to win over the next one down:
/// flags > environment > our config.toml (selected profile) > Preloop's config.yaml.
@Suite struct ConfigurationPrecedenceTests {
    let ourFile = ConfigFixture.ourFile
    let preloopFile = ConfigFixture.preloopFile

    /// Every level names a different server and token.
    var allFiles: [String: String] {
        [
            ourFile: """
                default_profile = "work"
                [profiles.work]
                server = "https://profile.example"
                token_file = "/tokens/profile"
                """,
            "/tokens/profile": "profile-token\n",
            "/tokens/flag": "flag-token\n",
            "/tokens/env": "env-file-token",
            preloopFile: """
                # written by the preloop CLI
                api_url: "https://preloop.example"
                access_token: 'preloop-token'
                refresh_token: r
                """,
        ]
    }

    let allEnvironment = [
        "APPROVAL_TUI_SERVER": "https://ours.example",
        "PRELOOP_URL": "https://preloop-env.example",
        "APPROVAL_TUI_TOKEN": "env-token",
        "APPROVAL_TUI_TOKEN_FILE": "/tokens/env",
        "PRELOOP_TOKEN": "preloop-env-token",
    ]

    func resolve(
        _ flags: ConfigurationFlags = .init(), env: [String: String], files: [String: String]
    ) throws -> ResolvedConfiguration {
        try ConfigFixture.resolve(flags, env: env, files: files)
    }

    @Test func flagsBeatTheEnvironment() throws {
        let resolved = try resolve(
            .init(server: "https://flag.example", tokenFile: "/tokens/flag"), env: allEnvironment, files: allFiles)
        #expect(resolved.server == URL(string: "https://flag.example"))
        #expect(resolved.serverSource == .flag("--server"))
        #expect(resolved.token == "flag-token")
        #expect(resolved.tokenSource == .flag("--token-file"))
        #expect(resolved.tokenFile == "/tokens/flag")
    }

    @Test func ourVariablesBeatPreloopVariables() throws {
        let resolved = try resolve(env: allEnvironment, files: allFiles)
        #expect(resolved.server == URL(string: "https://ours.example"))
        #expect(resolved.serverSource == .environment("APPROVAL_TUI_SERVER"))
        #expect(resolved.token == "env-token")
        var withoutToken = allEnvironment
        withoutToken["APPROVAL_TUI_TOKEN"] = nil
        let fromFile = try resolve(env: withoutToken, files: allFiles)
        #expect(fromFile.token == "env-file-token")
        #expect(fromFile.tokenSource == .environment("APPROVAL_TUI_TOKEN_FILE"))
    }

    @Test func theEnvironmentBeatsOurFile() throws {
        let resolved = try resolve(
            env: ["PRELOOP_URL": "https://preloop-env.example", "PRELOOP_TOKEN": "preloop-env-token"],
            files: allFiles)
        #expect(resolved.server == URL(string: "https://preloop-env.example"))
        #expect(resolved.serverSource == .environment("PRELOOP_URL"))
        #expect(resolved.token == "preloop-env-token")
        #expect(resolved.tokenSource == .environment("PRELOOP_TOKEN"))
        #expect(resolved.profile == "work")
    }

    @Test func anEmptyVariableCountsAsUnset() throws {
        let resolved = try resolve(env: ["APPROVAL_TUI_SERVER": "", "APPROVAL_TUI_TOKEN": ""], files: allFiles)
        #expect(resolved.server == URL(string: "https://profile.example"))
    }

    @Test func ourFileBeatsPreloopsFile() throws {
        let resolved = try resolve(env: [:], files: allFiles)
        #expect(resolved.server == URL(string: "https://profile.example"))
        #expect(resolved.serverSource == .profile("work", path: ourFile, line: 3))
        #expect(resolved.token == "profile-token")
        #expect(resolved.tokenSource == .profile("work", path: ourFile, line: 4))
        #expect(resolved.tokenFile == "/tokens/profile")
        #expect(resolved.warnings.isEmpty)
    }

    @Test func preloopsFileIsTheLastResort() throws {
        var files = allFiles
        files[ourFile] = nil
        let resolved = try resolve(env: [:], files: files)
        #expect(resolved.server == URL(string: "https://preloop.example"))
        #expect(resolved.serverSource == .preloopConfig(path: preloopFile, line: 2))
        #expect(resolved.token == "preloop-token")
        #expect(resolved.tokenSource == .preloopConfig(path: preloopFile, line: 3))
        #expect(resolved.warnings.isEmpty)
    }

    @Test func preloopsTokenForAnotherServerIsUsedWithAWarning() throws {
        var files = allFiles
        files[ourFile] = nil
        let resolved = try resolve(.init(server: "https://other.example"), env: [:], files: files)
        #expect(resolved.token == "preloop-token")
        #expect(resolved.warnings == [
            "using the access token from \(preloopFile), which belongs to https://preloop.example, for "
                + "https://other.example (from --server); set a token for that server to silence this",
        ])
    }

    @Test func preloopsFileIsNotReadWhenHigherLevelsSettleEverything() throws {
        var files = allFiles
        files[preloopFile] = "this is not yaml at all"
        let resolved = try resolve(env: [:], files: files)
        #expect(resolved.token == "profile-token")
    }

    @Test func flagsBeatOurFileForPollIntervalAndTheme() throws {
        let files = [ourFile: "default_profile = \"w\"\n[profiles.w]\npoll_interval = 3\ntheme = \"dark\""]
        let fromFile = try resolve(env: [:], files: files)
        #expect(fromFile.pollInterval == .seconds(3))
        #expect(fromFile.theme == "dark")
        let flagged = try resolve(.init(pollInterval: 1, theme: "light"), env: [:], files: files)
        #expect(flagged.pollInterval == .seconds(1))
        #expect(flagged.theme == "light")
    }
}
