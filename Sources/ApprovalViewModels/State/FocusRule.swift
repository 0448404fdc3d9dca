/// How the focus moves in a list of ids: by steps, clamped to the ends, and across list changes
/// (the same id when it is still there, else whatever now sits at the old position).
enum FocusRule {
    /// The id `delta` steps from `focused` in `ids` (the first when `focused` is absent), clamped.
    static func step(_ ids: [String], from focused: String?, by delta: Int) -> String? {
        guard !ids.isEmpty else { return nil }
        let index = ids.firstIndex { $0 == focused } ?? 0
        return ids[clamp(index, by: delta, count: ids.count)]
    }

    /// The focus after the list changed from `old` to `new`.
    static func follow(_ focused: String?, from old: [String], to new: [String]) -> String? {
        if let focused, new.contains(focused) { return focused }
        guard !new.isEmpty else { return nil }
        let oldIndex = old.firstIndex { $0 == focused } ?? 0
        return new[min(oldIndex, new.count - 1)]
    }

    /// The first row shown of a list `height` rows high, moved as little as possible from
    /// `offset` so that row `focus` is visible.
    static func scroll(_ offset: Int, toShow focus: Int, height: Int, count: Int) -> Int {
        guard height > 0, count > height else { return 0 }
        let kept = min(max(offset, focus - height + 1), focus)
        return min(max(0, kept), count - height)
    }

    /// `index + delta` kept within `0..<count`, overflow included.
    static func clamp(_ index: Int, by delta: Int, count: Int) -> Int {
        let target = index.addingReportingOverflow(delta)
        if target.overflow { return delta > 0 ? count - 1 : 0 }
        return min(max(0, target.partialValue), count - 1)
    }
}
