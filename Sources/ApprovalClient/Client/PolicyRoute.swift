import ApprovalModel

/// Which route lists approval policies on a server: later Preloop calls them workflows
/// (`/approval-workflows`), Preloop's seed and our server policies (`/approval-policies`).
public enum PolicyRoute: String, Sendable, Hashable, CaseIterable {
    case workflows = "/approval-workflows"
    case policies = "/approval-policies"
}
