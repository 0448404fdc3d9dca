/// The last complete list a server tagged (`ETag` on its first page), per query, so the next walk
/// can ask "changed since?" with `If-None-Match` and, on a 304, hand back the same array: no
/// pages fetched, nothing decoded, no second copy held. Servers without tags (Preloop) are walked
/// whole each time, as before.
actor ListMemo<Item: Sendable> {
    private var lists: [String: (tag: String, items: [Item])] = [:]

    func tag(for key: String) -> String? { lists[key]?.tag }

    func items(for key: String, tagged tag: String) -> [Item]? {
        guard let entry = lists[key], entry.tag == tag else { return nil }
        return entry.items
    }

    func remember(_ items: [Item], tag: String?, for key: String) {
        if let tag { lists[key] = (tag, items) } else { lists[key] = nil }
    }
}
