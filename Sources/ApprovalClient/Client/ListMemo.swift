import ApprovalModel

/// The last complete list a server tagged (`ETag` on its first page), per query, so the next walk
/// can ask "changed since?" with `If-None-Match` and, on a 304, hand back the same array: no
/// pages fetched, nothing decoded, no second copy held. Servers without tags (Preloop) are walked
/// whole each time, but a page whose bytes are those of the same page last time is not decoded
/// again: its items from last time come back (an unchanged 10,000-request queue polled every
/// 2 s was decoded whole each time: half a core).
///
/// It also keeps the page size to ask for: Preloop's 100 until the server says, with
/// `Approval-Page-Limit` on a list page, that it takes larger pages (the local server takes
/// 1,000, so 10,000 requests are 10 pages, not 100).
actor ListMemo<Item: Sendable> {
    private var lists: [String: (tag: String, items: [Item])] = [:]
    /// Per query and `skip`: the page's limit, a digest of its body and its items.
    private var pages: [String: [Int: (limit: Int, digest: Int, items: [Item])]] = [:]
    /// Per query: the pages of the last untagged walk, as handed back, and the list they made.
    private var walks: [String: (pages: [[Item]], items: [Item])] = [:]
    private(set) var pageLimit = PreloopClient.pageSize

    private var refusedLargePages = false

    /// Goes back to Preloop's page size for good: the server refused a larger page it had offered.
    func forgetPageLimit() {
        pageLimit = PreloopClient.pageSize
        refusedLargePages = true
    }

    /// Adopts a page size a server offered, kept within 100…1,000 (anything else is ignored, and
    /// so is every offer once the server refused a page it offered).
    func offer(pageLimit header: String?) {
        guard !refusedLargePages, let header, let offered = Int(header.trimmingCharacters(in: .whitespaces)), offered > 0 else { return }
        pageLimit = min(max(offered, PreloopClient.pageSize), PreloopClient.largestPageSize)
    }

    func tag(for key: String) -> String? { lists[key]?.tag }

    func items(for key: String, tagged tag: String) -> [Item]? {
        guard let entry = lists[key], entry.tag == tag else { return nil }
        return entry.items
    }

    /// The items of the page at `skip` when its body is the one seen there last time.
    func page(for key: String, skip: Int, limit: Int, digest: Int) -> [Item]? {
        guard let entry = pages[key]?[skip], entry.limit == limit, entry.digest == digest else { return nil }
        return entry.items
    }

    func rememberPage(_ items: [Item], for key: String, skip: Int, limit: Int, digest: Int) {
        pages[key, default: [:]][skip] = (limit, digest, items)
    }

    /// The walk's items, or the last walk's very array when every page came back as the very
    /// array it was last time (none decoded again): then the console's "unchanged?" checks
    /// compare one buffer, not 10,000 requests.
    func endWalk(pages walked: [[Item]], items: [Item], for key: String) -> [Item] {
        if let last = walks[key], last.pages.count == walked.count,
            zip(last.pages, walked).allSatisfy({ Self.isSameArray($0, $1) })
        {
            return last.items
        }
        walks[key] = (walked, items)
        return items
    }

    /// Whether two arrays share one buffer (so hold the same items).
    private static func isSameArray(_ a: [Item], _ b: [Item]) -> Bool {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in pa.baseAddress == pb.baseAddress && pa.count == pb.count } }
    }

    /// Drops the pages from `skip` on (the last walk ended before them).
    func forgetPages(for key: String, from skip: Int) {
        pages[key] = pages[key]?.filter { $0.key < skip }
    }

    func remember(_ items: [Item], tag: String?, for key: String) {
        if let tag { lists[key] = (tag, items) } else { lists[key] = nil }
    }
}
