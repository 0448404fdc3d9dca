import Foundation

/// One row of the benchmark table: what was measured, its budget, the figure and the verdict.
struct FigureResult: Codable, Sendable {
    /// Whether the figure met its budget.
    enum Verdict: String, Codable, Sendable {
        case pass, fail
        /// Not measured (yet): the feature does not exist or the figure was skipped.
        case notMeasured = "not measured"
        /// Reported for information; no budget applies.
        case info
    }

    /// The figure's number in the design's budget table order (1 = render, …).
    var number: Int
    var name: String
    var budget: String
    /// The measured value as a person reads it: `0.42 ms median · 0.61 ms p99`.
    var measured: String
    var verdict: Verdict
    /// How it was measured, or why it was not.
    var note: String
    /// Raw values for machines: `median_ms`, `p99_ms`, `bytes`, `cpu_percent`, `peak_rss_mb`, …
    var values: [String: Double]

    init(number: Int, name: String, budget: String, measured: String, verdict: Verdict, note: String = "",
         values: [String: Double] = [:]) {
        self.number = number
        self.name = name
        self.budget = budget
        self.measured = measured
        self.verdict = verdict
        self.note = note
        self.values = values
    }

    /// A figure that could not be taken, with the reason.
    static func notMeasured(_ number: Int, _ name: String, budget: String, because reason: String) -> FigureResult {
        FigureResult(number: number, name: name, budget: budget, measured: "—", verdict: .notMeasured, note: reason)
    }

    /// A figure whose measurement failed (the binary did not start, a timeout…): a fail with the reason.
    static func failed(_ number: Int, _ name: String, budget: String, error: any Error) -> FigureResult {
        FigureResult(number: number, name: name, budget: budget, measured: "error", verdict: .fail,
                     note: "\(error)")
    }
}
