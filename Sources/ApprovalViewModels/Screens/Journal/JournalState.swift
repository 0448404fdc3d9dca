import ApprovalModel

/// The journal screen: this console's decisions, newest first, as last read from the local store,
/// why they could not be read, and where the list stands.
public struct JournalState: Equatable, Sendable, ListScreenState {
    public internal(set) var entries: [JournalEntry] = []
    public internal(set) var hasLoaded = false
    /// Why the journal could not be read (the local store did not open, or a read failed).
    public internal(set) var error: StoreError?
    public internal(set) var selection = ListSelection<Int64>()

    public init() {}

    /// The journal entry the cursor is on.
    public var focusedEntry: JournalEntry? {
        entries.first { $0.id == selection.focusedID }
    }

    /// Takes a fresh read of the journal, keeping the cursor on the same entry when it is still there.
    mutating func apply(_ result: Result<[JournalEntry], StoreError>) {
        changeRows { journal in
            switch result {
            case .success(let read):
                journal.entries = read
                journal.error = nil
            case .failure(let failure):
                journal.entries = []
                journal.error = failure
            }
        }
        hasLoaded = true
    }

    var visibleIDs: [Int64] { entries.map(\.id) }
}
