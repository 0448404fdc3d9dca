import ApprovalClient
import ApprovalModel
import ApprovalViewModels
import Foundation

/// Console states as the benchmarks need them: built only through `update(_:)`, as the real loop does.
enum BenchmarkConsole {
    static let size = Size(columns: 200, rows: 60)
    static let executionID = "exec-log"

    /// A queue of `count` pending requests, loaded by one snapshot, half an hour after the first was
    /// made (the oldest are stale, the rest count down).
    static func queue(count: Int, factory: RequestFactory = RequestFactory()) -> ConsoleState {
        let now = factory.start.addingTimeInterval(1800)
        var state = ConsoleState(serverName: "preloop.example", userName: "approver", size: size, now: now)
        let executions = (0..<50).map { index in
            FlowExecution(id: "exec-\(index)", flowID: "flow-\(index % 5)", flowName: "agent-\(index % 5)",
                          status: index % 4 == 0 ? .running : .succeeded, startTime: factory.start)
        }
        _ = state.update(.snapshotArrived(requests: factory.requests(count: count), executions: executions, at: now))
        return state
    }

    /// `state` showing the log view of one running execution.
    static func openLog(_ state: inout ConsoleState) {
        let running = FlowExecution(id: executionID, flowID: "flow-log", flowName: "release-agent", status: .running,
                                    startTime: state.now)
        _ = state.update(.snapshotArrived(requests: state.queue.requests, executions: [running], at: state.now))
        _ = state.update(.key(.character("2")))  // the flows screen, focus on the only run
        _ = state.update(.key(.enter))
        precondition(state.screen == .log && state.flows.log?.executionID == executionID, "the log view must be open")
    }

    /// Streams log lines `range` into the open log view, `batch` lines per event as the follower delivers them.
    static func stream(_ range: Range<Int>, into state: inout ConsoleState, batch: Int = 5000) {
        var next = range.lowerBound
        while next < range.upperBound {
            let end = min(range.upperBound, next + batch)
            _ = state.update(.logLines(executionID: executionID,
                                       LogLineFactory.entries(next..<end, executionID: executionID, start: state.now)))
            next = end
        }
    }
}
