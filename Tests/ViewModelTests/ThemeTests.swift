import Foundation
import Testing
@testable import ApprovalViewModels

@Suite struct ThemeTests {
    /// The bundled theme files, read here (the view models read no files; the executable hands its reader in).
    static let readFile: ThemeLoader.FileReader = { path in
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return .success(text)
    }
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes").path

    @Test func everyStyleRoleHasABuiltInDefault() {
        for role in StyleRole.allCases {
            #expect(Theme.builtInStyles[role] != nil, "no default for \(role.rawValue)")
            #expect(Theme.monochrome.styles[role] != nil, "no monochrome style for \(role.rawValue)")
        }
    }

    @Test func monochromeHasNoColourButKeepsSelectionAndStaleVisible() {
        let mono = Theme.monochrome
        for role in StyleRole.allCases {
            #expect(mono[role].foreground == .terminalDefault && mono[role].background == .terminalDefault)
        }
        #expect(mono[.queueSelected].isReverse)
        #expect(mono[.tableSelected].isReverse)
        #expect(mono[.queueStale].isUnderline)
        #expect(mono[.queueSelected] != mono[.queueRow])
    }

    @Test func everyThemeFileLoads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDirectory).filter { $0.hasSuffix(".toml") }
        #expect(Set(files).isSuperset(of: ["default.toml", "light.toml", "high-contrast.toml", "mono.toml"]))
        let loader = ThemeLoader(directories: [Self.themesDirectory], read: Self.readFile)
        for file in files {
            let name = String(file.dropLast(5))
            #expect(throws: Never.self) { _ = try loader.load(named: name) }
        }
    }

    @Test func defaultThemeFileListsEveryRoleAsBuiltIn() throws {
        let path = Self.themesDirectory + "/default.toml"
        let expected = ThemeFile.text(of: .builtIn, description: "The built-in theme, written out role by role.")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try expected.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
        #expect(try ThemeLoader(directories: [Self.themesDirectory], read: Self.readFile).load(named: "default").styles == Theme.builtIn.styles)
    }

    @Test func aFileOverridesRoleByRole() throws {
        let theme = try ThemeFile.parse("""
            name = "t"
            queue.selected = { fg = "white", bg = "#102030", bold = true }
            [status]
            offline = { bg = "bright-red" }
            """, file: "t.toml", name: "t")
        #expect(theme[.queueSelected] == StyleSpec(.ansi(7), on: .rgb(red: 16, green: 32, blue: 48), bold: true))
        #expect(theme[.statusOffline].background == .ansi(9))
        #expect(theme[.statusOffline].foreground == Theme.builtIn[.statusOffline].foreground)
        #expect(theme[.queueRow] == Theme.builtIn[.queueRow])
    }

    @Test func unknownRoleNamesFileAndLine() {
        #expect(throws: ThemeError.unknownRole("queue.selcted", file: "x.toml", line: 3)) {
            try ThemeFile.parse("name = \"x\"\n\nqueue.selcted = { fg = \"red\" }\n", file: "x.toml", name: "x")
        }
    }

    @Test func badColourNamesFileAndLine() {
        #expect(throws: ThemeError.badColour("pinkish", file: "x.toml", line: 2)) {
            try ThemeFile.parse("[queue.row]\nfg = \"pinkish\"\n", file: "x.toml", name: "x")
        }
        let error = ThemeError.badColour("pinkish", file: "x.toml", line: 2)
        #expect(error.description.hasPrefix("x.toml:2: bad colour \"pinkish\""))
    }

    @Test func syntaxErrorNamesFileAndLine() {
        do {
            _ = try ThemeFile.parse("name = \"x\"\nqueue.row = { fg = \n", file: "broken.toml", name: "x")
            Issue.record("expected an error")
        } catch {
            guard case .syntax(let file, let line, _) = error else { Issue.record("\(error)"); return }
            #expect(file == "broken.toml")
            #expect(line == 2)
        }
    }

    @Test func loaderPrefersTheFirstFolderAndFallsBackToBuiltIns() throws {
        let files = ["user/default.toml": "title = { fg = \"red\" }", "repo/default.toml": "title = { fg = \"blue\" }"]
        let loader = ThemeLoader(directories: ["user", "repo"]) { path in files[path].map { .success($0) } }
        #expect(try loader.load(named: "default")[.title].foreground == .ansi(1))
        #expect(try loader.load(named: "mono") == .monochrome)
        #expect(throws: ThemeError.notFound(name: "nope", searched: ["user", "repo"])) { try loader.load(named: "nope") }
        #expect(throws: ThemeError.self) { try loader.load(named: "../etc/passwd") }
    }

    @Test func userFolderComesFirstAndNoColorSelectsMono() {
        #expect(ThemeLoader.standardDirectories(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"], bundled: "/b")
            == ["/x/approval-tui/themes", "/b"])
        #expect(ThemeLoader.standardDirectories(environment: ["HOME": "/h"], bundled: "/b") == ["/h/.config/approval-tui/themes", "/b"])
        #expect(ThemeLoader.startingThemeName(configured: "light", environment: ["NO_COLOR": ""]) == "mono")
        #expect(ThemeLoader.startingThemeName(configured: "light", environment: [:]) == "light")
    }

    @Test func coloursParseInEveryForm() {
        #expect(ThemeColour(parsing: "default") == .terminalDefault)
        #expect(ThemeColour(parsing: "Red") == .ansi(1))
        #expect(ThemeColour(parsing: "bright-cyan") == .ansi(14))
        #expect(ThemeColour(parsing: "236") == .indexed(236))
        #expect(ThemeColour(parsing: "#ff8000") == .rgb(red: 255, green: 128, blue: 0))
        #expect(ThemeColour(parsing: "256") == nil)
        #expect(ThemeColour(parsing: "#ff80") == nil)
    }
}
