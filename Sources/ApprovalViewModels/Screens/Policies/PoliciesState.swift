import ApprovalModel

/// The policies screen: the policies by name, whether they have loaded, and where the list stands.
public struct PoliciesState: Equatable, Sendable, ListScreenState {
    public internal(set) var items: [ApprovalPolicy] = []
    public internal(set) var hasLoaded = false
    public internal(set) var selection = ListSelection<String>()

    public init() {}

    public var visiblePolicies: [ApprovalPolicy] {
        let filter = selection.filter
        guard !filter.isEmpty else { return items }
        return items.filter { $0.name.range(of: filter, options: .caseInsensitive) != nil }
    }

    /// The policy with `id`, when it is known.
    func policy(_ id: String?) -> ApprovalPolicy? {
        guard let id else { return nil }
        return items.first { $0.id == id }
    }

    mutating func load(_ loaded: [ApprovalPolicy]) {
        let sorted = loaded.sorted { $0.name.lowercased() < $1.name.lowercased() }
        changeRows { $0.items = sorted }
        hasLoaded = true
    }

    var visibleIDs: [String] { visiblePolicies.map(\.id) }
}
