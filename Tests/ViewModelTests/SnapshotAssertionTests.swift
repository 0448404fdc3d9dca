import Foundation
import Testing
@testable import ApprovalViewModels

@Suite struct SnapshotAssertionTests {
    @Test(.disabled(if: ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1", "recording writes instead"))
    func aMissingSnapshotFailsInsteadOfBeingWritten() {
        withKnownIssue {
            SnapshotAssertion.assertMatches(ScreenBuffer(rows: ["x"]), screen: "NoSuchScreen", name: "never-recorded")
        }
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/NoSuchScreen")
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    @Test func rowsAreStoredBetweenBarsWithARoleLegend() {
        var buffer = ScreenBuffer(size: Size(columns: 3, rows: 1))
        buffer.write("a ", at: Point(x: 0, y: 0), role: .title)
        #expect(SnapshotAssertion.text(of: buffer) == "|a  |\n")
        #expect(SnapshotAssertion.roles(of: buffer) == "# . = text.normal\n# d = title\n|dd.|\n")
    }

    @Test func differencesNameTheRows() {
        #expect(SnapshotAssertion.difference("|a|\n|b|", "|a|\n|c|") == "row 1:\n- |b|\n+ |c|")
    }
}
