import ApprovalViewModels
import Foundation
import Testing

/// docs/keys.md is generated from the keymap (`approval-tui keys --markdown`); it must not drift.
@Suite struct KeysDocumentTests {
    @Test func theCommittedKeyReferenceMatchesTheKeymap() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("docs/keys.md"), encoding: .utf8)
        var generated = Keymap.default.markdown()
        if !generated.hasSuffix("\n") { generated += "\n" }
        #expect(committed == generated, "docs/keys.md is stale: run `swift run approval-tui keys --markdown > docs/keys.md`")
    }
}
