import ApprovalClient
import Testing
@testable import ApprovalViewModels

@Suite struct KeymapOverrideTests {
    private func keys(_ text: String) throws -> TOMLTable {
        let document = try TOMLDocument(parsing: text, file: "config.toml")
        let table = try document.root.table(at: "keys")
        return try #require(table)
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
}
