/// A screen that shows one filtered list with a focused row: the queue, flows, policies, journal.
/// Filtering, moving and scrolling work the same on each, through its `ListSelection`.
protocol ListScreenState {
    associatedtype RowID: Hashable & Sendable
    var selection: ListSelection<RowID> { get set }
    associatedtype VisibleIDs: RandomAccessCollection<RowID> where VisibleIDs.Index == Int
    /// The ids of the rows shown, in order (after the filter); a lazy view where the rows are many.
    var visibleIDs: VisibleIDs { get }
}

extension ListScreenState {
    /// Sets the filter, keeping the focus when its row still shows, else on the first row.
    mutating func setFilter(_ text: String) {
        selection.filter = text
        let ids = visibleIDs
        selection.follow(from: ids, to: ids)
    }

    /// Changes the rows, keeping the focus on the same id, or on the row now at the focused
    /// position when that one left.
    mutating func changeRows(_ change: (inout Self) -> Void) {
        let old = visibleIDs
        change(&self)
        selection.follow(from: old, to: visibleIDs)
    }

    mutating func move(by delta: Int) {
        selection.step(visibleIDs, by: delta)
    }

    /// Scrolls just enough that the focused row shows in a window `height` rows high.
    mutating func keepFocusInView(height: Int) {
        selection.keepInView(visibleIDs, height: height)
    }
}
