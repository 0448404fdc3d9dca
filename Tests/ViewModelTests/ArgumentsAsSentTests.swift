import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

/// Issue 12, finding 2: the detail view shows the arguments as the agent sent them: an integer
/// past 2^63 as written, and two keys that differ only in normalisation as two keys, in order.
@Suite struct ArgumentsAsSentTests {
    typealias F = ConsoleFixtures

    static let sent = #"{"z": 9223372036854775808, "\u00e9": 1, "e\u0301": 2}"#

    /// Whether `text` holds `scalars` in a row (scalar for scalar: Swift's `contains` would treat
    /// "é" and "e\u{301}" as equal).
    static func holds(_ text: String, _ scalars: [UInt32]) -> Bool {
        let all = text.unicodeScalars.map(\.value)
        guard all.count >= scalars.count else { return false }
        return (0...(all.count - scalars.count)).contains { Array(all[$0..<($0 + scalars.count)]) == scalars }
    }

    @Test func theDetailViewShowsBigIntegersAndDistinctKeysAsSent() throws {
        // What Foundation's decoder made of it: a double, and one merged key.
        var request = ApprovalRequest(
            id: "req-1", toolName: "deploy", toolArgs: ["z": .number(9.223372036854776e18), "é": 2],
            requestedAt: F.at(-5), expiresAt: F.at(60))
        request.toolArgsText = Self.sent
        var state = F.state(size: Size(columns: 100, rows: 30))
        _ = state.update(.snapshotArrived(requests: [request], executions: [], at: F.start))
        _ = state.update(.key(.enter))
        let rows = renderScreen(state, size: state.size).textRows()
        let text = rows.joined(separator: "\n")
        #expect(text.contains("9223372036854775808"), "\(rows)")
        #expect(!text.contains("9.223372036854776e18"))
        let quote = UInt32(0x22)
        #expect(Self.holds(text, [quote, 0xE9, quote]), "the precomposed key is missing")
        #expect(Self.holds(text, [quote, 0x65, 0x301, quote]), "the decomposed key is missing")
        let z = try #require(rows.firstIndex { $0.contains("9223372036854775808") })
        let decomposed = try #require(rows.firstIndex { Self.holds($0, [quote, 0x65, 0x301, quote]) })
        #expect(z < decomposed, "keys are not in the order sent")
    }

    @Test func withoutTheTextTheDecodedValueIsShown() {
        let request = ApprovalRequest(id: "r", toolName: "t", toolArgs: ["n": 4], requestedAt: F.at(0))
        #expect(request.argumentsPrettyText == "{\n  \"n\": 4\n}")
    }
}
