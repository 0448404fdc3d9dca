import ApprovalClient

extension ConsoleState {
    /// The journal entry the cursor is on.
    public var focusedJournalEntry: JournalEntry? {
        journal.first { $0.id == focusedJournalID }
    }

    /// Takes a fresh read of the journal, keeping the cursor on the same entry when it is still there.
    mutating func applyJournal(_ result: Result<[JournalEntry], StoreError>) {
        let old = journalKeys
        switch result {
        case .success(let entries):
            journal = entries
            journalError = nil
        case .failure(let error):
            journal = []
            journalError = error
        }
        hasLoadedJournal = true
        focusedJournalID = FocusRule.follow(focusedJournalID.map(String.init), from: old, to: journalKeys)
            .flatMap { Int64($0) }
    }

    mutating func moveInJournal(by delta: Int) {
        focusedJournalID = FocusRule.step(journalKeys, from: focusedJournalID.map(String.init), by: delta)
            .flatMap { Int64($0) }
    }

    /// Opens the focused entry's request when it is still in the queue; otherwise says why not.
    mutating func openJournalEntry() {
        guard let entry = focusedJournalEntry else { return }
        guard requests.contains(where: { $0.id == entry.requestID }) else {
            status = StatusMessage("\(entry.toolName) is no longer pending; there is nothing to open")
            return
        }
        detailRequestID = entry.requestID
        detailScroll = 0
        detailOrigin = .journal
        screen = .detail
    }

    /// Journal ids as the strings `FocusRule` works with.
    private var journalKeys: [String] { journal.map { String($0.id) } }
}
