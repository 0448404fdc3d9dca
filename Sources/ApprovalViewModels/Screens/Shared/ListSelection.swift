/// Where a list stands: the focused row by id, the first row the list was last scrolled to, and the
/// filter typed for it. Every list screen (queue, flows, policies, journal) keeps one.
///
/// The focus moves by steps, clamped to the ends, and follows list changes: the same id when it
/// is still there, else whatever now sits at the old position. The offset only moves when the
/// focus would leave the window (`keepInView`), so moving inside the window does not scroll;
/// rendering clamps it again to the rows there are (`shownOffset`).
public struct ListSelection<ID: Hashable & Sendable>: Equatable, Sendable {
    public internal(set) var focusedID: ID?
    /// The first row shown, as the last move left it.
    public internal(set) var offset = 0
    public internal(set) var filter = ""

    public init(focusedID: ID? = nil, offset: Int = 0, filter: String = "") {
        self.focusedID = focusedID
        self.offset = offset
        self.filter = filter
    }

    /// The focused row's index in `ids`, when it is there.
    public func focusIndex<IDs: RandomAccessCollection<ID>>(in ids: IDs) -> Int? where IDs.Index == Int {
        ids.firstIndex { $0 == focusedID }
    }

    /// Moves the focus `delta` steps through `ids` (from the first when nothing is focused), clamped.
    mutating func step<IDs: RandomAccessCollection<ID>>(_ ids: IDs, by delta: Int) where IDs.Index == Int {
        guard !ids.isEmpty else {
            focusedID = nil
            return
        }
        let index = focusIndex(in: ids) ?? ids.startIndex
        focusedID = ids[ids.startIndex + Self.clamp(index - ids.startIndex, by: delta, count: ids.count)]
    }

    /// Keeps the focus after the list changed from `old` to `new`.
    mutating func follow<Old: RandomAccessCollection<ID>, New: RandomAccessCollection<ID>>(
        from old: Old, to new: New
    ) where Old.Index == Int, New.Index == Int {
        if let focusedID, new.contains(focusedID) { return }
        guard !new.isEmpty else {
            focusedID = nil
            return
        }
        let oldIndex = (focusIndex(in: old) ?? old.startIndex) - old.startIndex
        focusedID = new[new.startIndex + min(oldIndex, new.count - 1)]
    }

    /// Scrolls just enough that the focused row of `ids` shows in a window `height` rows high.
    mutating func keepInView<IDs: RandomAccessCollection<ID>>(_ ids: IDs, height: Int) where IDs.Index == Int {
        let focus = focusIndex(in: ids).map { $0 - ids.startIndex } ?? 0
        offset = Self.scroll(offset, toShow: focus, height: height, count: ids.count)
    }

    /// The first row to draw of `count` rows in a window `height` rows high, the focus at `focus`.
    func shownOffset(focus: Int?, height: Int, count: Int) -> Int {
        Self.scroll(offset, toShow: focus ?? 0, height: height, count: count)
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
