import Foundation
import Testing
@testable import ApprovalClient
@testable import ApprovalModel

/// `--profile team --profile mine` and `servers = [...]`: one resolved configuration per server,
/// and every way of asking for several servers that cannot work refused with the reason.
@Suite struct ConfigurationServersTests {
    let ourFile = ConfigFixture.ourFile

    private var twoProfiles: String {
        """
        [profiles.team]
        server = "https://preloop.team.example"
        token = "team-token"
        poll_interval = 3.0

        [profiles.mine]
        server = "http://127.0.0.1:8600"
        token = "mine-token"

        [profiles.local]
        """
    }

    private func servers(
        _ profiles: [String], flags: ConfigurationFlags = .init(), env: [String: String] = [:], file: String? = nil,
        preloop: String? = nil
    ) throws(ConfigurationError) -> [ResolvedConfiguration] {
        var environment = env
        environment["HOME"] = ConfigFixture.home
        var texts = [ourFile: file ?? twoProfiles]
        if let preloop { texts[ConfigFixture.preloopFile] = preloop }
        return try Configuration.resolveServers(
            flags: flags, profiles: profiles, environment: environment, files: InMemoryConfigFiles(texts: texts))
    }

    private func refusal(
        _ profiles: [String], flags: ConfigurationFlags = .init(), env: [String: String] = [:], file: String? = nil,
        preloop: String? = nil
    ) -> String? {
        do {
            let resolved = try servers(profiles, flags: flags, env: env, file: file, preloop: preloop)
            Issue.record("expected a refusal, resolved \(resolved.map(\.profile))")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func eachProfileFlagIsOneServerWithItsOwnTokenAndInterval() throws {
        let resolved = try servers(["team", "mine"])
        #expect(resolved.map(\.profile) == ["team", "mine"])
        #expect(resolved.map(\.server?.absoluteString) == ["https://preloop.team.example", "http://127.0.0.1:8600"])
        #expect(resolved.map(\.token) == ["team-token", "mine-token"])
        #expect(resolved[0].pollInterval == .seconds(3))
        #expect(resolved[1].pollInterval == .seconds(2))
    }

    @Test func theConfigFilesServersListOpensWhenNoProfileIsAskedFor() throws {
        let file = "servers = [\"mine\", \"team\"]\n" + twoProfiles
        #expect(try servers([], file: file).map(\.profile) == ["mine", "team"])
        // A profile asked for by flag or environment is one server, whatever the list says.
        #expect(try servers(["team"], file: file).map(\.profile) == ["team"])
        #expect(try servers([], env: ["APPROVAL_TUI_PROFILE": "mine"], file: file).map(\.profile) == ["mine"])
    }

    @Test func oneProfileIsTheUsualSingleServer() throws {
        let resolved = try servers(["team"])
        #expect(resolved.count == 1)
        #expect(resolved[0].profile == "team")
    }

    @Test func theProfileWithNoServerIsTheEmbeddedOneAndOnlyOnce() throws {
        let resolved = try servers(["team", "local"])
        #expect(resolved[1].server == nil)
        let file = twoProfiles + "\n[profiles.other]\n"
        #expect(refusal(["local", "other"], file: file)
            == "profiles local and other name no server (both would be the embedded one); each request would show twice")
    }

    @Test func twoProfilesReachingOneServerAreRefused() {
        let file = twoProfiles + "\n[profiles.again]\nserver = \"HTTP://127.0.0.1:8600/\"\ntoken = \"x\"\n"
        #expect(refusal(["mine", "again"], file: file)
            == "profiles mine and again name the same server (HTTP://127.0.0.1:8600/); each request would show twice")
    }

    @Test func aFlagOrVariableNamingOneServerForAllIsRefused() {
        #expect(refusal(["team", "mine"], flags: ConfigurationFlags(server: "http://x.example"))?
            .hasPrefix("--server and --token-file name one server, and --profile asks for 2") == true)
        #expect(refusal(["team", "mine"], flags: ConfigurationFlags(tokenFile: "/tmp/t")) != nil)
        for variable in ["APPROVAL_TUI_SERVER", "APPROVAL_TUI_TOKEN", "APPROVAL_TUI_TOKEN_FILE", "PRELOOP_URL", "PRELOOP_TOKEN"] {
            #expect(refusal(["team", "mine"], env: [variable: "http://x.example"])
                == "\(variable) names one server or token for all 2 servers of --profile; unset it to open several")
        }
    }

    @Test func namesThatCannotPrefixAnIdAreRefused() {
        for name in ["a:b", "has space", "tab\tname", "nul\u{0}name", "esc\u{1B}[2J", "ünï", String(repeating: "x", count: 33), ""] {
            let file = twoProfiles + "\n[profiles.\"\(name.replacingOccurrences(of: "\u{0}", with: "\\u0000").replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\u{1B}", with: "\\u001b"))\"]\nserver = \"http://10.0.0.9\"\n"
            let message = refusal(["team", name], file: file)
            #expect(message?.contains("cannot be one of several servers") == true, "\(name.debugDescription): \(message ?? "-")")
            #expect(message?.contains("\u{1B}") != true)
        }
    }

    @Test func aProfileNamedTwiceOrUnknownIsRefused() {
        #expect(refusal(["team", "team"]) == "--profile names profile team twice")
        #expect(refusal(["team", "nope"])?.hasPrefix("unknown profile \"nope\"") == true)
    }

    @Test func aServersListNamingNoProfileIsAnErrorAtItsLine() {
        let file = "servers = [\"team\", \"ghost\"]\n" + twoProfiles
        #expect(refusal([], file: file)?.hasPrefix("\(ourFile):1:") == true)
        #expect(refusal([], file: file)?.contains("servers names \"ghost\", which is not a [profiles.*] table here") == true)
        #expect(refusal([], file: "servers = []\n" + twoProfiles)?.contains("servers is empty") == true)
        #expect(refusal([], file: "servers = \"team\"\n" + twoProfiles)?.contains("array of strings") == true)
    }

    @Test func oneAddressIsOneServerWhateverItsPathOrLoopbackName() {
        let paths = twoProfiles + "\n[profiles.other]\nserver = \"https://preloop.team.example/other\"\ntoken = \"x\"\n"
        #expect(refusal(["team", "other"], file: paths)?.contains("name the same server") == true,
                "a journal and saved snapshot are kept per address")
        let names = twoProfiles + "\n[profiles.named]\nserver = \"http://localhost:8600\"\ntoken = \"x\"\n"
        #expect(refusal(["mine", "named"], file: names)?.contains("name the same server") == true)
        let lookalike = twoProfiles + "\n[profiles.far]\nserver = \"http://127.0.0.1.evil.example:8600\"\ntoken = \"x\"\n"
        #expect(throws: Never.self) { try self.servers(["mine", "far"], file: lookalike) }
    }

    @Test func aProfileNamedAllCannotBeOneOfSeveral() {
        let file = twoProfiles + "\n[profiles.all]\nserver = \"http://10.0.0.9\"\n"
        #expect(refusal(["team", "all"], file: file) == "a profile named all cannot be one of several servers: :server all shows every server")
    }

    @Test func preloopsOwnFileLendsNoProfileItsServerOrToken() throws {
        let preloop = "api_url: https://preloop.other.example\naccess_token: preloop-secret\n"
        // The profile without a server stays the embedded one, without Preloop's token.
        let resolved = try servers(["team", "local"], preloop: preloop)
        #expect(resolved[1].server == nil)
        #expect(resolved[1].token == nil)
        // A profile with a server but no token is refused rather than sent Preloop's token.
        let tokenless = twoProfiles + "\n[profiles.bare]\nserver = \"http://10.0.0.9\"\n"
        #expect(refusal(["team", "bare"], file: tokenless, preloop: preloop)?
            .contains("has no token of its own, and with several servers open /home/u/.preloop/config.yaml's access_token is not lent to it") == true)
        // One server: Preloop's file works as before.
        #expect(try servers(["bare"], file: tokenless, preloop: preloop).first?.token == "preloop-secret")
    }

    @Test func aServerNamedByVariableOpensThatOneServerDespiteTheList() throws {
        let file = "servers = [\"mine\", \"team\"]\n" + twoProfiles
        let resolved = try servers([], env: ["PRELOOP_URL": "https://preloop.solo.example", "PRELOOP_TOKEN": "t"], file: file)
        #expect(resolved.count == 1)
        #expect(resolved[0].server?.host == "preloop.solo.example")
    }
}
