import Foundation
import Testing
@testable import ApprovalClient
@testable import ApprovalModel

/// Files held in memory, so configuration tests need no real HOME.
struct InMemoryConfigFiles: FileReading {
    var texts: [String: String] = [:]
    var modes: [String: UInt16] = [:]

    func readText(atPath path: String) -> FileReadResult {
        texts[path].map(FileReadResult.text) ?? .missing
    }

    func permissions(atPath path: String) -> UInt16? { texts[path] == nil ? nil : modes[path] ?? 0o600 }
}

/// Paths and shortcuts shared by the configuration suites (HOME is `/home/u`).
enum ConfigFixture {
    static let home = "/home/u"
    static let ourFile = "/home/u/.config/approval-tui/config.toml"
    static let preloopFile = "/home/u/.preloop/config.yaml"

    static func resolve(
        _ flags: ConfigurationFlags = .init(), env: [String: String] = [:], files: [String: String] = [:]
    ) throws(ConfigurationError) -> ResolvedConfiguration {
        var environment = env
        environment["HOME"] = environment["HOME"] ?? home
        return try Configuration.resolve(
            flags: flags, environment: environment, files: InMemoryConfigFiles(texts: files))
    }

    static func error(
        _ flags: ConfigurationFlags = .init(), env: [String: String] = [:], files: [String: String] = [:]
    ) -> ConfigurationError? {
        do {
            let resolved = try resolve(flags, env: env, files: files)
            Issue.record("expected a configuration error, resolved \(resolved)")
            return nil
        } catch {
            return error
        }
    }
}

@Suite struct ConfigurationTests {
    let ourFile = ConfigFixture.ourFile
    let preloopFile = ConfigFixture.preloopFile

    func resolve(
        _ flags: ConfigurationFlags = .init(), env: [String: String] = [:], files: [String: String] = [:]
    ) throws(ConfigurationError) -> ResolvedConfiguration {
        try ConfigFixture.resolve(flags, env: env, files: files)
    }

    func resolutionError(
        _ flags: ConfigurationFlags = .init(), env: [String: String] = [:], files: [String: String] = [:]
    ) -> ConfigurationError? {
        ConfigFixture.error(flags, env: env, files: files)
    }

    @Test func nothingConfiguredMeansAnEmbeddedServerAndDefaults() throws {
        let resolved = try resolve()
        #expect(resolved == ResolvedConfiguration())
        #expect(resolved.server == nil)
        #expect(resolved.pollInterval == .seconds(2))
        #expect(resolved.theme == "default")
    }

    @Test func aProfileSuppliesEverySetting() throws {
        let resolved = try resolve(files: [
            ourFile: """
                default_profile = "work"
                [profiles.work]
                server = "https://preloop.example.com"
                token = "  secret\\n"
                poll_interval = 0.5
                theme = "solarized"
                """,
        ])
        #expect(resolved.server == URL(string: "https://preloop.example.com"))
        #expect(resolved.serverSource == .profile("work", path: ourFile, line: 3))
        #expect(resolved.token == "secret")
        #expect(resolved.pollInterval == .milliseconds(500))
        #expect(resolved.theme == "solarized")
        #expect(resolved.profile == "work")
        #expect(resolved.configFile == ourFile)
    }

    @Test func profileSelectionPrefersFlagThenEnvironmentThenDefaultProfile() throws {
        let file = """
            default_profile = "a"
            [profiles.a]
            server = "http://a.example"
            [profiles.b]
            server = "http://b.example"
            [profiles.c]
            server = "http://c.example"
            """
        let files = [ourFile: file]
        #expect(try resolve(files: files).profile == "a")
        #expect(try resolve(env: ["APPROVAL_TUI_PROFILE": "b"], files: files).profile == "b")
        let flagged = try resolve(.init(profile: "c"), env: ["APPROVAL_TUI_PROFILE": "b"], files: files)
        #expect(flagged.profile == "c")
        #expect(flagged.server == URL(string: "http://c.example"))
    }

    @Test func withoutADefaultProfileNoProfileIsUsed() throws {
        let resolved = try resolve(files: [ourFile: "[profiles.a]\nserver = \"http://a.example\""])
        #expect(resolved.profile == nil)
        #expect(resolved.server == nil)
    }

    @Test func anUnknownProfileListsTheKnownOnes() {
        let error = resolutionError(
            .init(profile: "prod"), files: [ourFile: "[profiles.work]\n[profiles.local]\n"])
        #expect(error == .unknownProfile("prod", known: ["work", "local"], file: ourFile, requestedBy: .flag("--profile")))
        #expect(error?.description == "unknown profile \"prod\" (asked for by --profile) in \(ourFile); known profiles: work, local")
        let noFile = resolutionError(env: ["APPROVAL_TUI_PROFILE": "x"])
        #expect(noFile?.description == "unknown profile \"x\" (asked for by $APPROVAL_TUI_PROFILE) (no config file was found); no profiles are defined")
        let byDefault = resolutionError(files: [ourFile: "\ndefault_profile = \"gone\"\n[profiles.work]"])
        #expect(byDefault == .unknownProfile("gone", known: ["work"], file: ourFile, requestedBy: .configFile(path: ourFile, line: 2)))
    }

    @Test func malformedTOMLNamesFileAndLine() {
        let error = resolutionError(files: [ourFile: "[profiles.work]\nserver = \"x\"\ntheme dark\n"])
        #expect(error == .malformedFile(path: ourFile, line: 3, column: 7, message: "Error while parsing key-value pair: expected '=', saw 'd'"))
        #expect(error?.description == "\(ourFile):3:7: Error while parsing key-value pair: expected '=', saw 'd'")
    }

    @Test func anUnknownKeyInOurFileNamesFileAndLine() {
        let error = resolutionError(files: [ourFile: "[profiles.work]\nserver = \"http://x\"\ntokenfile = \"t\"\n"])
        #expect(error?.description == "\(ourFile):3:1: unknown key \"tokenfile\" in [profiles.work] (known keys: after_decision, notify, poll_interval, server, theme, token, token_file, undo_seconds)")
        let topLevel = resolutionError(files: [ourFile: "server = \"http://x\""])
        #expect(topLevel?.description.hasPrefix("\(ourFile):1:1: unknown key \"server\" in the top level") == true)
    }

    @Test func aWrongTypeInOurFileNamesFileAndLine() {
        let error = resolutionError(files: [ourFile: "default_profile = \"w\"\n[profiles.w]\npoll_interval = \"fast\""])
        #expect(error == .malformedFile(path: ourFile, line: 3, column: 1, message: #""poll_interval" must be a number, found a string"#))
        let notATable = resolutionError(files: [ourFile: "profiles.work = 1"])
        #expect(notATable?.description.contains("profile \"work\" must be a table") == true)
        let both = resolutionError(files: [ourFile: "[profiles.w]\ntoken = \"a\"\ntoken_file = \"b\""])
        #expect(both == .malformedFile(path: ourFile, line: 3, column: nil, message: "profile \"w\" sets both token and token_file; keep one"))
    }

    @Test func malformedPreloopYAMLNamesFileAndLine() {
        let error = resolutionError(files: [preloopFile: "api_url: http://x\n\nthis line is odd\n"])
        #expect(error == .malformedFile(path: preloopFile, line: 3, column: 1, message: "could not find expected ':' (while scanning a simple key)"))
        #expect(error?.description == "\(preloopFile):3:1: could not find expected ':' (while scanning a simple key)")
    }

    @Test func aMissingDefaultConfigFileIsFineButAMissingNamedOneIsNot() throws {
        #expect(try resolve().configFile == nil)
        #expect(resolutionError(.init(configFile: "~/elsewhere.toml")) == .configFileMissing(path: "/home/u/elsewhere.toml"))
        let named = try resolve(
            .init(configFile: "/etc/at.toml"),
            files: ["/etc/at.toml": "default_profile = \"p\"\n[profiles.p]\nserver = \"http://p\""])
        #expect(named.server == URL(string: "http://p"))
    }

    @Test func xdgConfigHomeMovesOurFile() throws {
        let resolved = try resolve(
            env: ["XDG_CONFIG_HOME": "/xdg"],
            files: ["/xdg/approval-tui/config.toml": "default_profile = \"p\"\n[profiles.p]\ntheme = \"x\""])
        #expect(resolved.theme == "x")
        #expect(resolved.configFile == "/xdg/approval-tui/config.toml")
    }

    @Test(arguments: ["abc\r\nX-Injected: 1", "abc\u{0}def", "abc def", "abc\u{1B}[2Jdef", "t\u{E9}st", "abc\u{7F}"])
    func aTokenWithAControlCharacterSpaceOrNonASCIIIsRefusedFromEverySourceWithoutShowingIt(token: String) {
        let fromFile = resolutionError(.init(tokenFile: "/t"), files: ["/t": token + "\n"])
        #expect(fromFile == .tokenNotPrintable(source: .flag("--token-file"), position: 4 - (token.hasPrefix("t\u{E9}") ? 2 : 0)))
        let fromEnvironment = resolutionError(env: ["APPROVAL_TUI_TOKEN": token])
        guard case .tokenNotPrintable(.environment("APPROVAL_TUI_TOKEN"), _)? = fromEnvironment else {
            Issue.record("environment token accepted: \(String(describing: fromEnvironment))")
            return
        }
        let escaped = token.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : String(format: "\\u%04X", $0.value) }.joined()
        let fromProfile = resolutionError(files: [ourFile: "default_profile = \"w\"\n[profiles.w]\nserver = \"http://x\"\ntoken = \"\(escaped)\"\n"])
        if case .malformedFile? = fromProfile, token.contains("\u{0}") {
            // The TOML reader itself refuses an escaped NUL in a string: refused all the same.
        } else {
            #expect(fromProfile == .tokenNotPrintable(source: .profile("w", path: ourFile, line: 4), position: 4 - (token.hasPrefix("t\u{E9}") ? 2 : 0)))
        }
        #expect(!(fromFile?.description.contains("abc") ?? true), "the token is never shown")
        #expect(fromFile?.description.contains("position") == true)
    }

    @Test func aTokenFileNamedByAProfileMustExist() {
        let error = resolutionError(files: [ourFile: "default_profile = \"w\"\n[profiles.w]\ntoken_file = \"~/w.token\""])
        #expect(error == .tokenFileMissing(path: "/home/u/w.token", namedBy: .profile("w", path: ourFile, line: 3)))
        #expect(error?.description == "token file /home/u/w.token (named by profile \"w\" (\(ourFile):3)) does not exist")
        #expect(resolutionError(.init(tokenFile: "/nope")) == .tokenFileMissing(path: "/nope", namedBy: .flag("--token-file")))
        #expect(resolutionError(.init(tokenFile: "/empty"), files: ["/empty": " \n"]) == .tokenFileEmpty(path: "/empty"))
    }

    @Test func relativeTokenFilesInOurFileAreRelativeToIt() throws {
        let resolved = try resolve(files: [
            ourFile: "default_profile = \"w\"\n[profiles.w]\ntoken_file = \"w.token\"",
            "/home/u/.config/approval-tui/w.token": "tok\n",
        ])
        #expect(resolved.token == "tok")
        #expect(resolved.tokenFile == "/home/u/.config/approval-tui/w.token")
    }

    @Test func tildeNeedsAHome() {
        #expect(throws: ConfigurationError.homeUnknown(path: "~/t")) {
            try Configuration.resolve(
                flags: .init(tokenFile: "~/t"), environment: [:], files: InMemoryConfigFiles())
        }
    }

    @Test func pollIntervalsBelowTwoTenthsOfASecondAreRefused() throws {
        #expect(resolutionError(.init(pollInterval: 0.1)) == .pollIntervalTooShort(seconds: 0.1, source: .flag("--poll-interval")))
        let fromFile = resolutionError(files: [ourFile: "default_profile = \"w\"\n[profiles.w]\npoll_interval = 0"])
        #expect(fromFile?.description == "poll interval 0.0 s (from profile \"w\" (\(ourFile):3)) is too short; the minimum is 0.2 s")
        #expect(try resolve(.init(pollInterval: 0.2)).pollInterval == .milliseconds(200))
        let integer = try resolve(files: [ourFile: "default_profile = \"w\"\n[profiles.w]\npoll_interval = 5"])
        #expect(integer.pollInterval == .seconds(5))
    }

    @Test func aServerMustBeAnHTTPURL() {
        #expect(resolutionError(.init(server: "preloop.example.com")) == .invalidServer("preloop.example.com", source: .flag("--server")))
        #expect(resolutionError(env: ["PRELOOP_URL": "ftp://x"]) == .invalidServer("ftp://x", source: .environment("PRELOOP_URL")))
    }

    @Test func theDescriptionNeverShowsTheToken() throws {
        let resolved = try resolve(env: ["APPROVAL_TUI_TOKEN": "hunter2-secret"])
        #expect(!resolved.description.contains("hunter2"))
        #expect(resolved.description.contains("<14 characters> (from $APPROVAL_TUI_TOKEN)"))
    }
}
