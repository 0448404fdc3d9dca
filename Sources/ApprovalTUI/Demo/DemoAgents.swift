import ApprovalClient
import ApprovalModel
import Foundation

/// The demo's simulated agents, in-process: a stream of tool calls from `DemoPlan` through the
/// agent API, a poll of each until it is decided (so approved tools really run), flows
/// triggered now and again, and a colleague who casts the second vote on two-person requests.
struct DemoAgents: Sendable {
    let agent: AgentClient
    /// The demo approver (the person at the console) for triggering flows.
    let approver: PreloopClient
    /// A second approver who votes on two-person requests some time after they arrive.
    let colleague: PreloopClient
    let approverToken: String
    let seed: UInt64
    let speed: Double

    /// Runs until cancelled.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await streamCalls() }
            group.addTask { await runFlows() }
        }
    }

    private func streamCalls() async {
        var plan = DemoPlan(seed: seed, speed: speed)
        await withTaskGroup(of: Void.self) { group in
            while !Task.isCancelled {
                let step = plan.next()
                guard (try? await Task.sleep(for: step.delay)) != nil else { break }
                group.addTask { await submit(step.call) }
            }
            group.cancelAll()
        }
    }

    /// Creates the call and polls it until decided, as a real agent would.
    private func submit(_ call: AgentClient.ToolCall) async {
        guard let created = try? await agent.create(call), created.string("status") == "pending",
            let id = created.string("request_id")
        else { return }
        if call.toolName == "db_migrate" || call.toolName == "rotate_secrets" {
            Task {
                guard (try? await Task.sleep(for: .seconds(20 / speed))) != nil else { return }
                _ = try? await colleague.decide(id: id, verdict: .approve, comment: "second pair of eyes: fine by me")
            }
        }
        let interval = Double(max(1, created.integer("poll_interval_seconds") ?? 5))
        while !Task.isCancelled {
            guard (try? await Task.sleep(for: .seconds(interval))) != nil else { return }
            guard let reply = try? await agent.status(id: id) else { continue }
            if reply.string("status") != "pending" && reply.string("status") != "executing" { return }
        }
    }

    /// Starts every flow at once, then one of the finishing ones again every little while.
    private func runFlows() async {
        guard let flows = try? await approver.flows() else { return }
        let ids = Dictionary(flows.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        for flow in DemoPolicies.flows {
            if let id = ids[flow.name] { await trigger(id) }
        }
        var generator = SplitMix64(seed: seed &+ 1)
        let repeating = DemoPolicies.flows.filter { $0.script != .longRunning }
        while !Task.isCancelled {
            guard (try? await Task.sleep(for: .seconds(Double.random(in: 25...45, using: &generator) / speed))) != nil
            else { return }
            if let flow = repeating.randomElement(using: &generator), let id = ids[flow.name] { await trigger(id) }
        }
    }

    /// `POST /api/v1/flows/{id}/trigger` with the approver token.
    private func trigger(_ flowID: String) async {
        var base = approver.serverURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: "\(base)/api/v1/flows/\(flowID)/trigger") else { return }
        let request = TransportRequest(
            method: .post, url: url,
            headers: ["Authorization": "Bearer \(approverToken)", "Content-Type": "application/json"], body: Data("{}".utf8))
        _ = try? await agent.transport.send(request)
    }
}
