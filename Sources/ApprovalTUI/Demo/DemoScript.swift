import Foundation

/// What `approval-tui demo-agent --script NAME` prints: a pretend agent run for the demo's
/// flows and tools. Whole lines only; the flow markers on lines of their own.
enum DemoScript: String, CaseIterable, Sendable {
    /// Streams work, then the success sentinel; exits 0.
    case success
    /// Streams work, then an error; exits 1 without the sentinel.
    case failure
    /// A line every second for ten minutes, for the approver to stop.
    case longRunning = "long-running"
    /// A tool's command: reads the arguments from stdin and says what it would do.
    case tool

    static let startMarker = "PRELOOP_AGENT_EXEC_START"
    static let successSentinel = "FLOW_EXECUTION_SUCCESS"

    /// The lines, each with the pause before it (already scaled by speed).
    func lines(speed: Double) -> [(pause: Duration, text: String)] {
        let beat = Duration.milliseconds(Int(700 / max(0.05, speed)))
        switch self {
        case .success:
            return [(.zero, Self.startMarker)]
                + [
                    "reading the prompt", "found 7 outdated dependencies", "updating swift-argument-parser 1.5.0 -> 1.6.1",
                    "updating GRDB.swift 7.1.0 -> 7.4.0", "running the test suite (412 tests)",
                    "a test printed \u{1B}[31mred text\u{1B}[0m and a title change \u{1B}]0;owned\u{07}: shown as escapes",
                    "all tests passed", "opened pull request #1289",
                ].map { (beat, $0) }
                + [(beat, Self.successSentinel)]
        case .failure:
            return [(.zero, Self.startMarker)]
                + [
                    "reading the prompt", "collecting the last 200 CI runs", "candidate: CheckoutTests.testRetry (14 failures)",
                    "applying a fix", "running CheckoutTests 50 times", "error: 3 of 50 runs still fail; giving up",
                ].map { (beat, $0) }
        case .longRunning:
            return [(.zero, Self.startMarker)]
                + (1...600).map { (Duration.seconds(1), "tick \($0): \($0 % 7 == 0 ? "2 new errors in checkout" : "no new errors")") }
        case .tool:
            return [(.zero, "would deploy with the arguments above; nothing was changed (demo)")]
        }
    }

    /// The exit status after the last line.
    var exitStatus: Int32 { self == .failure ? 1 : 0 }
}
