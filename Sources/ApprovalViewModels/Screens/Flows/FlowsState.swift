import ApprovalModel

/// The flows screen and the log view it opens: executions (running first, then newest), flow
/// definitions (for their agent type), where the list stands, and the open log.
public struct FlowsState: Equatable, Sendable, ListScreenState {
    public internal(set) var executions: [FlowExecution] = []
    /// Flow definitions, when loaded: the flows screen shows their agent type.
    public internal(set) var definitions: [Flow] = []
    public internal(set) var selection = ListSelection<String>()
    public internal(set) var log: LogViewState?
    public internal(set) var logCapacity: Int
    /// `:server NAME` in a console on several servers: only that server's runs show.
    public internal(set) var serverFocus: String?

    public init(logCapacity: Int = 10_000) {
        self.logCapacity = logCapacity
    }

    /// The executions the flows screen shows: running first, then newest first, filtered.
    public var visibleExecutions: [FlowExecution] {
        let filter = selection.filter
        let shown = serverFocus.map { focus in executions.filter { ServerScope.id($0.id, isOn: focus) } } ?? executions
        guard !filter.isEmpty else { return shown }
        return shown.filter { execution in
            [execution.flowName ?? "", execution.id, execution.status.rawValue]
                .contains { $0.range(of: filter, options: .caseInsensitive) != nil }
        }
    }

    public var focusedExecution: FlowExecution? {
        visibleExecutions.first { $0.id == selection.focusedID }
    }

    /// The flow name of execution `id`, when it is known.
    func flowName(of id: String) -> String? {
        executions.first { $0.id == id }?.flowName
    }

    mutating func replace(with newExecutions: [FlowExecution]) {
        let sorted = newExecutions.sorted { a, b in
            if a.status.isActive != b.status.isActive { return a.status.isActive }
            return (a.startTime ?? .distantPast, a.id) > (b.startTime ?? .distantPast, b.id)
        }
        changeRows { $0.executions = sorted }
    }

    var visibleIDs: [String] { visibleExecutions.map(\.id) }
}
