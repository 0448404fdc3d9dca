import ApprovalModel
import Foundation

/// Flow executions: status, flow, duration (running ones count up), start time, error.
struct FlowsTable: ScreenComponent {
    let flows: FlowsState
    let now: Date
    let timeZone: TimeZone
    /// A console on several servers: a first column names each run's server.
    var fleet: FleetState? = nil

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        var columns: [DataTable.Column] = [.init(title: "status", size: .fixed(13)), .init(title: "flow", size: .fill),
                                           .init(title: "duration", size: .fixed(9))]
        if area.width >= 60 { columns.append(.init(title: "started", size: .fixed(9))) }
        if area.width >= 80 { columns.append(.init(title: "agent", size: .fixed(14))) }
        if area.width >= 100 {
            columns.append(.init(title: "run", size: .fixed(14)))
            columns.append(.init(title: "error", size: .fill))
        }
        let executions = flows.visibleExecutions
        let rows = executions.map { execution -> (cells: [SanitizedText], role: StyleRole) in
            var cells: [SanitizedText] = [
                Sanitizer.line.sanitize(execution.status.rawValue),
                Sanitizer.line.sanitize(execution.flowName ?? own(execution.flowID)),
                execution.duration(at: now).map(ClockText.duration) ?? "-",
            ]
            cells.append(execution.startTime.map { ClockText.time($0, in: timeZone) } ?? "-")
            cells.append(Sanitizer.line.sanitize(flows.definitions.first { $0.id == execution.flowID }?.agentType ?? "-"))
            cells.append(Sanitizer.line.sanitize(own(execution.id)))
            cells.append(Sanitizer.line.sanitize(execution.errorMessage ?? ""))
            return (cells, role(of: execution.status))
        }
        let emptyText: SanitizedText = flows.selection.filter.isEmpty ? "No flow runs yet." : "no run matches the filter"
        DataTable(columns: columns, rows: rows, selected: flows.selection.focusIndex(in: flows.visibleIDs),
                  emptyText: emptyText, offset: flows.selection.offset)
            .withServers(of: executions.map(\.id), in: fleet).render(in: area, into: &buffer)
    }

    /// The server's own id (the server column says whose it is).
    private func own(_ id: String) -> String { FleetState.ownID(id, isMerged: fleet?.isMerged ?? false) }

    private func role(of status: ExecutionStatus) -> StyleRole {
        if status.isActive { return .flowRunning }
        if status.isSuccess { return .flowSucceeded }
        if status.isFinal { return .flowFailed }
        return .tableRow
    }
}
