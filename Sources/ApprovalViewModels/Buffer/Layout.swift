/// How much of an axis one piece of a split wants.
public enum LayoutSize: Hashable, Sendable {
    /// Exactly `n` cells (less only when the area is too small).
    case fixed(Int)
    /// At least `n` cells, plus a share of what is left when there is no `.fill`.
    case atLeast(Int)
    /// An equal share of what is left.
    case fill
}

/// Splits a rectangle into pieces along one axis. Not a constraint solver: fixed and minimum
/// sizes are served first, in order; what remains is shared among `.fill` pieces (the first ones
/// get the remainder), or among `.atLeast` pieces when there is no fill. When space runs out
/// the later pieces shrink, down to zero.
public enum Layout {
    public enum Axis: Sendable { case vertical, horizontal }

    /// The pieces of `area`, top to bottom (or left to right with `.horizontal`).
    public static func split(_ area: Rect, _ sizes: [LayoutSize], axis: Axis = .vertical) -> [Rect] {
        let total = axis == .vertical ? area.height : area.width
        var lengths = sizes.map { size -> Int in
            switch size {
            case .fixed(let n), .atLeast(let n): max(0, n)
            case .fill: 0
            }
        }
        var remaining = total
        for index in lengths.indices {
            lengths[index] = min(lengths[index], remaining)
            remaining -= lengths[index]
        }
        var sharers = sizes.indices.filter { sizes[$0] == .fill }
        if sharers.isEmpty {
            sharers = sizes.indices.filter { if case .atLeast = sizes[$0] { return true } else { return false } }
        }
        if !sharers.isEmpty, remaining > 0 {
            let share = remaining / sharers.count
            let extra = remaining % sharers.count
            for (position, index) in sharers.enumerated() {
                lengths[index] += share + (position < extra ? 1 : 0)
            }
        }
        var offset = 0
        return lengths.map { length in
            defer { offset += length }
            switch axis {
            case .vertical: return Rect(x: area.x, y: area.y + offset, width: area.width, height: length)
            case .horizontal: return Rect(x: area.x + offset, y: area.y, width: length, height: area.height)
            }
        }
    }
}
