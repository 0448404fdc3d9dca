/// The last complete list a server tagged (`ETag` on its first page), per query, so the next walk
/// can ask "changed since?" with `If-None-Match` and, on a 304, hand back the same array: no
/// pages fetched, nothing decoded, no second copy held. Servers without tags (Preloop) are walked
/// whole each time, as before.
///
/// It also keeps the page size to ask for: Preloop's 100 until the server says, with
/// `Approval-Page-Limit` on a list page, that it takes larger pages (the local server takes
/// 1,000, so 10,000 requests are 10 pages, not 100).
actor ListMemo<Item: Sendable> {
    private var lists: [String: (tag: String, items: [Item])] = [:]
    private(set) var pageLimit = PreloopClient.pageSize

    /// Adopts a page size a server offered, kept within 100…1,000 (anything else is ignored).
    func offer(pageLimit header: String?) {
        guard let header, let offered = Int(header.trimmingCharacters(in: .whitespaces)), offered > 0 else { return }
        pageLimit = min(max(offered, PreloopClient.pageSize), PreloopClient.largestPageSize)
    }

    func tag(for key: String) -> String? { lists[key]?.tag }

    func items(for key: String, tagged tag: String) -> [Item]? {
        guard let entry = lists[key], entry.tag == tag else { return nil }
        return entry.items
    }

    func remember(_ items: [Item], tag: String?, for key: String) {
        if let tag { lists[key] = (tag, items) } else { lists[key] = nil }
    }
}
