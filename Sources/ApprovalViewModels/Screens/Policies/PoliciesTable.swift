import ApprovalModel

/// Approval policies: name, justification mode, timeout, quorum, async, and the tools they guard.
struct PoliciesTable: ScreenComponent {
    let policies: PoliciesState
    /// A console on several servers: a first column names each policy's server.
    var fleet: FleetState? = nil

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        var columns: [DataTable.Column] = [.init(title: "policy", size: .fill), .init(title: "justify", size: .fixed(9)),
                                           .init(title: "timeout", size: .fixed(8))]
        if area.width >= 60 {
            columns.append(.init(title: "quorum", size: .fixed(7)))
            columns.append(.init(title: "async", size: .fixed(6)))
        }
        if area.width >= 100 {
            columns.append(.init(title: "approvers", size: .fixed(10)))
            columns.append(.init(title: "tools", size: .fill))
        }
        let visible = policies.visiblePolicies
        let rows = visible.map { policy -> (cells: [SanitizedText], role: StyleRole) in
            let approvers = (policy.approverUserIDs?.count ?? 0) + (policy.approverTeamIDs?.count ?? 0)
            let cells: [SanitizedText] = [
                Sanitizer.line.sanitize(policy.name) + (policy.isDefault ? " (default)" : ""),
                Sanitizer.line.sanitize(policy.justificationMode ?? (policy.requireReason ? "required" : "none")),
                policy.timeoutSeconds.map { "\($0)s" } ?? "-",
                "\(policy.approvalsRequired)",
                policy.asyncApprovalEnabled ? "yes" : "no",
                "\(approvers)",
                Sanitizer.line.sanitize((policy.tools ?? []).joined(separator: ", ")),
            ]
            return (cells, .tableRow)
        }
        let emptyText: SanitizedText = policies.hasLoaded ? "No policies." : "loading policies…"
        DataTable(columns: columns, rows: rows, selected: policies.selection.focusIndex(in: policies.visibleIDs),
                  emptyText: emptyText, offset: policies.selection.offset)
            .withServers(of: policies.visibleIDs, in: fleet).render(in: area, into: &buffer)
    }
}
