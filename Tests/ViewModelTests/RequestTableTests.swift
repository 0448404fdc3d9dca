import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

@Suite struct RequestTableTests {
    typealias F = ConsoleFixtures

    @Test func plainTextNeutralisesWholeEscapeSequences() {
        #expect(PlainText.line("a\u{1B}]52;c;eA==\u{7}b\u{202E}c\nd") == "a␛]52;c;eA==b⟨RLO⟩c␊d")
        #expect(PlainText.line("abcdef", limit: 3) == "abc…+3")
    }

    @Test func rowsAreSoonestFirstAndFitTheWidth() {
        let lines = RequestTable.lines(for: F.requests, now: F.start, width: 100)
        #expect(lines.count == 5)
        #expect(lines[1].hasPrefix("req-delete"))
        #expect(lines[1].contains("stale 30s"))
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 100 })
        let wide = RequestTable.lines(for: [F.email], now: F.start, width: 200)
        #expect(wide[1].contains("Send the summary␛]52;c;cm0gLXJmIC8= to the team.␊File: ⟨RLO⟩gnp.exe"))
        #expect(!wide.joined().unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
    }
}
