import Foundation
import Testing
@testable import ApprovalClient
@testable import ApprovalModel

@Suite struct ConfigurationNotifyTests {
    @Test func aProfileChoosesHowNewRequestsAreAnnounced() throws {
        let resolved = try ConfigFixture.resolve(files: [
            ConfigFixture.ourFile: """
                default_profile = "desk"
                [profiles.desk]
                server = "http://127.0.0.1:8600"
                notify = "both"
                """,
        ])
        #expect(resolved.notify == "both")
        #expect(try ConfigFixture.resolve().notify == "bell")
    }

    @Test func anUnknownNotifyValueNamesTheFileAndLine() {
        let error = ConfigFixture.error(files: [
            ConfigFixture.ourFile: """
                default_profile = "desk"
                [profiles.desk]
                notify = "loud"
                """,
        ])
        guard case .malformedFile(let path, let line, _, let message)? = error else {
            Issue.record("expected malformedFile, got \(String(describing: error))")
            return
        }
        #expect(path == ConfigFixture.ourFile)
        #expect(line == 3)
        #expect(message.contains("bell, desktop, both, none"))
    }

    @Test func aProfileChoosesWhereTheDetailGoesAfterADecision() throws {
        let resolved = try ConfigFixture.resolve(files: [
            ConfigFixture.ourFile: """
                default_profile = "desk"
                [profiles.desk]
                server = "http://127.0.0.1:8600"
                after_decision = "queue"
                """,
        ])
        #expect(resolved.afterDecision == .queue)
        #expect(try ConfigFixture.resolve().afterDecision == .next)
    }

    @Test(arguments: ["sideways", "", "next\u{1B}[2J"])
    func anUnknownAfterDecisionValueNamesTheFileAndLine(value: String) {
        let error = ConfigFixture.error(files: [
            ConfigFixture.ourFile: "default_profile = \"desk\"\n[profiles.desk]\n\nafter_decision = \"\(value.replacingOccurrences(of: "\u{1B}", with: "\\u001B"))\"\n",
        ])
        guard case .malformedFile(let path, let line, _, let message)? = error else {
            Issue.record("expected malformedFile, got \(String(describing: error))")
            return
        }
        #expect(path == ConfigFixture.ourFile)
        #expect(line == 4)
        #expect(message.contains("after_decision must be one of next, queue"))
        #expect(!(error?.description.contains("\u{1B}") ?? true), "an escape in the value is not printed raw")
    }

    @Test func aProfileSetsTheUndoWindowAndNoneMeansDecisionsGoAtOnce() throws {
        let resolved = try ConfigFixture.resolve(files: [
            ConfigFixture.ourFile: "default_profile = \"desk\"\n[profiles.desk]\nserver = \"http://127.0.0.1:8600\"\nundo_seconds = 5\n",
        ])
        #expect(resolved.undoSeconds == 5)
        #expect(try ConfigFixture.resolve().undoSeconds == 0)
    }

    @Test(arguments: ["-1", "61", "9223372036854775808", "5.5", "\"5\"", "99999999999999999999"])
    func anUndoWindowOutOfRangeOrNotAWholeNumberNamesTheFileAndLine(value: String) {
        let error = ConfigFixture.error(files: [
            ConfigFixture.ourFile: "default_profile = \"desk\"\n[profiles.desk]\n\nundo_seconds = \(value)\n",
        ])
        guard case .malformedFile(let path, let line, _, let message)? = error else {
            Issue.record("expected malformedFile for \(value), got \(String(describing: error))")
            return
        }
        #expect(path == ConfigFixture.ourFile)
        #expect(line == 4)
        if value.count > 10 {
            #expect(message.contains("not representable in 64 bits"), "the TOML reader refuses it: \(message)")
        } else {
            #expect(message.contains("undo_seconds"), "the message names the key: \(message)")
        }
    }
}
