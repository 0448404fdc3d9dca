/// Timings of repeated runs, in milliseconds, with the order statistics the table reports.
struct Samples: Sendable {
    private(set) var sorted: [Double]

    init(_ values: [Double]) { sorted = values.sorted() }

    init(_ durations: [Duration]) { self.init(durations.map(\.milliseconds)) }

    var count: Int { sorted.count }
    var median: Double { percentile(50) }
    var p99: Double { percentile(99) }
    var max: Double { sorted.last ?? 0 }

    /// The nearest-rank percentile `p` (0…100): the smallest value with at least p % of samples at or below it.
    func percentile(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
    }
}

extension Duration {
    /// This duration in milliseconds, as a fraction.
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// `0.42 ms`, `12.3 ms`, `1234 ms`: three significant figures, enough for a budget check.
func formatMilliseconds(_ value: Double) -> String {
    switch value {
    case ..<1: String(format: "%.3f ms", value)
    case ..<10: String(format: "%.2f ms", value)
    case ..<100: String(format: "%.1f ms", value)
    default: String(format: "%.0f ms", value)
    }
}
