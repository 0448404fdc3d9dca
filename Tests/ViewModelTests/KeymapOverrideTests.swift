import ApprovalClient
import ApprovalModel
import Testing
@testable import ApprovalViewModels

@Suite struct KeymapOverrideTests {
    private func keys(_ text: String) throws -> KeyOverrides {
        try #require(try ConsoleConfigFile(parsing: text, path: "config.toml").keys)
    }

    @Test func keyNamesParse() {
        #expect(KeyPress(parsing: "j") == .character("j"))
        #expect(KeyPress(parsing: "space") == .character(" "))
        #expect(KeyPress(parsing: "ctrl-D") == .control("d"))
        #expect(KeyPress(parsing: "PgDn") == .pageDown)
        #expect(KeyPress(parsing: "hyper-x") == nil)
        #expect(KeyPress(parsing: "\u{1B}") == nil)
    }

    @Test func aRebindingReplacesTheKeysAndTheHelpLabel() throws {
        let keymap = try Keymap.default.applying(keys("""
            [keys.queue]
            approve = ["y"]
            toggle_mark = ["m", "space"]
            [keys.global]
            quit = "ctrl-q"
            """))
        #expect(keymap.binding(for: .character("y"), on: .queue)?.action == .approve)
        #expect(keymap.binding(for: .character("a"), on: .queue) == nil)
        #expect(keymap.binding(for: .character("m"), on: .queue)?.label == "m/space")
        #expect(keymap.binding(for: .control("q"), on: .flows)?.action == .quit)
        #expect(keymap.binding(for: .character("a"), on: .detail)?.action == .approve)
    }

    @Test func aKeyBoundToTwoActionsIsAConflictNamingTheLine() throws {
        #expect(throws: KeymapError.conflict(key: "j", screen: "queue", first: "move_down", second: "approve",
                                             file: "config.toml", line: 3)) {
            try Keymap.default.applying(keys("[keys.queue]\n\napprove = [\"j\"]\n"))
        }
    }

    @Test func unknownSectionsActionsAndKeysAreErrors() throws {
        #expect(throws: KeymapError.unknownScreen("inbox", file: "config.toml", line: 1)) {
            try Keymap.default.applying(keys("[keys.inbox]\napprove = [\"y\"]\n"))
        }
        #expect(throws: KeymapError.unknownAction("explode", screen: "queue", file: "config.toml", line: 2)) {
            try Keymap.default.applying(keys("[keys.queue]\nexplode = [\"y\"]\n"))
        }
        #expect(throws: KeymapError.badKey("hyper-x", file: "config.toml", line: 2)) {
            try Keymap.default.applying(keys("[keys.queue]\napprove = [\"hyper-x\"]\n"))
        }
    }

    @Test func readOnlyStillDropsReboundDecisions() throws {
        let keymap = try Keymap.default.applying(keys("[keys.queue]\napprove = [\"y\"]\n")).readOnly()
        #expect(keymap.binding(for: .character("y"), on: .queue) == nil)
    }

    @Test func theJournalIsAScreenKeysCanBeBoundOn() throws {
        let keymap = try Keymap.default.applying(keys("[keys.journal]\nopen = [\"o\"]\n"))
        #expect(keymap.binding(for: .character("o"), on: .journal)?.action == .open)
        #expect(KeymapError.unknownScreen("inbox", file: "c", line: 1).description.contains("journal"))
    }

    @Test func hostileKeyTablesAreRefusedNamingFileAndLine() throws {
        // A NUL never reaches the keymap: the file reader refuses it where it stands.
        #expect(throws: ConfigurationError.malformedFile(path: "config.toml", line: 2, column: 13,
                                                         message: "a NUL character (U+0000) is not allowed in this file")) {
            try Keymap.default.applying(keys("[keys.queue]\napprove = [\"\\u0000\"]\n"))
        }
        // A control byte is not a key name.
        #expect(throws: KeymapError.badKey("\u{1B}[A", file: "config.toml", line: 2)) {
            try Keymap.default.applying(keys("[keys.queue]\napprove = \"\\u001B[A\"\n"))
        }
        // Shapes the file reader refuses before any key is looked at.
        for (text, message) in [
            ("[keys.queue]\napprove = 9223372036854775808\n", "config.toml:2"),
            ("[keys.queue]\napprove = 7\n", "config.toml:2: keys.queue.approve must be a key name or a non-empty list of key names, found an integer"),
            ("[keys.queue]\napprove = []\n", "config.toml:2: keys.queue.approve must be a key name"),
            ("[keys.queue]\napprove = [\"y\", 1]\n", "config.toml:2: keys.queue.approve must be a key name"),
            ("[keys]\nqueue = \"y\"\n", "config.toml:2: keys.queue must be a table"),
            ("[keys.queue]\napprove = \"y\"\napprove = \"z\"\n", "config.toml:3"),
        ] {
            #expect(throws: ConfigurationError.self) { try ConsoleConfigFile(parsing: text, path: "config.toml") }
            do {
                _ = try ConsoleConfigFile(parsing: text, path: "config.toml")
            } catch {
                #expect(error.description.hasPrefix(message), "\(text)")
            }
        }
    }

    @Test func anErrorShowsAHostileNameEscapedAndCut() throws {
        let huge = String(repeating: "x", count: 100_000)
        let error = KeymapError.badKey("\u{1B}]0;pwned\u{7}" + huge, file: "config.toml", line: 2)
        #expect(!error.description.contains("\u{1B}") && !error.description.contains("\u{7}"))
        #expect(error.description.contains("\\u{1B}]0;pwned\\u{07}"))
        #expect(error.description.count < 200)
        #expect(KeymapError.unknownAction("a\u{0}b", screen: "queue", file: "c", line: 1).description.contains("a\\u{00}b"))
    }

    @Test func helpAndTheKeysOfAStateAreTheReboundOnes() throws {
        let keymap = try Keymap.default.applying(keys("[keys.queue]\napprove = [\"y\"]\n"))
        var harness = ConsoleHarness(ConsoleFixtures.loaded(size: Size(columns: 120, rows: 40), keymap: keymap))
        harness.press(.character("?"))
        #expect(harness.screen().contains { $0.contains("│ y ") && $0.contains("approve (marked: all, confirmed)") })
        harness.press(.escape)
        #expect(harness.press(.character("y")) == [.decide(["req-delete"], .approve, comment: nil)])
    }
}
