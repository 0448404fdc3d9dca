@testable import ApprovalTUI
import ApprovalViewModels

extension Mailbox where Value == LoopMessage {
    /// Waits (bounded) until the mailbox has brought at least `count` events `pick` accepts, and
    /// returns every one it accepted (none is dropped when several come in one drain; events
    /// `pick` refuses are).
    func collect<T>(atLeast count: Int, _ pick: (ConsoleEvent) -> T?) async throws -> [T] {
        var found: [T] = []
        for _ in 0..<2000 {
            for case .event(let event) in drain() { if let value = pick(event) { found.append(value) } }
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw LocalServerFixture.FixtureError("only \(found.count) of \(count) events arrived")
    }
}
