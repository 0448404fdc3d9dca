import Foundation

/// The newest `capacity` log lines; older ones drop off the front. Line numbers are absolute
/// (`firstNumber` is the number of the oldest kept line), so a position survives dropping.
public struct LogRing: Equatable, Sendable {
    public let capacity: Int
    private var storage: [LogLine] = []
    private var head = 0
    /// The absolute number of the oldest line kept.
    public private(set) var firstNumber = 0

    public init(capacity: Int = 10_000) { self.capacity = max(1, capacity) }

    public var count: Int { storage.count }
    /// One past the absolute number of the newest line.
    public var endNumber: Int { firstNumber + storage.count }

    public mutating func append(_ line: LogLine) {
        if storage.count < capacity {
            storage.append(line)
        } else {
            storage[head] = line
            head = (head + 1) % capacity
            firstNumber += 1
        }
    }

    /// The line with absolute number `number`, if still kept.
    public subscript(number: Int) -> LogLine? {
        guard number >= firstNumber, number < endNumber else { return nil }
        return storage[(head + number - firstNumber) % storage.count]
    }

    /// The absolute number of the first line from `start` going `forward` (or backward) whose
    /// text contains `term`, case-insensitively; wraps around once.
    public func search(_ term: String, from start: Int, forward: Bool) -> Int? {
        guard !term.isEmpty, count > 0 else { return nil }
        for step in 0..<count {
            let offset = forward ? step : -step
            let number = firstNumber + ((start - firstNumber + offset) % count + count) % count
            if let line = self[number], line.text.range(of: term, options: .caseInsensitive) != nil { return number }
        }
        return nil
    }

    public static func == (lhs: LogRing, rhs: LogRing) -> Bool {
        lhs.capacity == rhs.capacity && lhs.firstNumber == rhs.firstNumber
            && (lhs.firstNumber..<lhs.endNumber).allSatisfy { lhs[$0] == rhs[$0] } && lhs.count == rhs.count
    }
}
