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
}
