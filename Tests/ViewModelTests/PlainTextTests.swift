import ApprovalViewModels
import Testing

@Suite struct PlainTextTests {
    @Test func printedServerTextCannotDriveTheTerminal() {
        let hostile = "ok\u{1B}]0;pwned\u{07}\u{1B}[31mred\u{9B}2J\u{202E}cba\nnext"
        let line = PlainText.line(hostile)
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(!line.unicodeScalars.contains { $0.value == 0x202E })
        #expect(line.hasPrefix("ok"))
        #expect(line.contains("red"))
    }

    @Test func longTextIsCutAndSaysHowMuchWasLeftOut() {
        let line = PlainText.line(String(repeating: "x", count: 5_000), limit: 100)
        #expect(line == String(repeating: "x", count: 100) + "…+4900")
    }
}
