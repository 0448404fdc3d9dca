import ApprovalClient
import ApprovalModel
import Foundation

/// The demo's stream of tool calls: which agent asks for what, why, and how long after the
/// previous one. Pure and seeded: the same seed and speed give the same stream.
///
/// ```swift
/// var plan = DemoPlan(seed: 1, speed: 1)
/// let first = plan.next()   // e.g. ci-bot: deploy_service {"env": "staging", …} after 0.3 s
/// ```
struct DemoPlan: Sendable {
    /// One planned tool call.
    struct Step: Sendable, Equatable {
        /// Wait this long after the previous step.
        var delay: Duration
        var call: AgentClient.ToolCall
        /// Whether the text is one of the hostile samples.
        var isHostile: Bool
    }

    /// Calls sent at once when the demo starts, so the queue is never empty for long.
    static let openingBurst = 6

    private var generator: SplitMix64
    private let speed: Double
    private(set) var count = 0
    /// The hostile samples in a seeded order, taken in turn so every kind shows up soon.
    private var hostileOrder: [Int]
    private var hostileCount = 0

    init(seed: UInt64, speed: Double) {
        generator = SplitMix64(seed: seed)
        self.speed = max(0.05, speed)
        hostileOrder = Array(0..<Self.hostileSampleCount).shuffled(using: &generator)
    }

    mutating func next() -> Step {
        defer { count += 1 }
        let delay: Duration
        if count < Self.openingBurst {
            delay = .milliseconds(Int(300 / speed))
        } else {
            delay = .milliseconds(Int(Double.random(in: 2_500...7_500, using: &generator) / speed))
        }
        // The third and fifth calls are hostile so the demo shows some within seconds; later, one in four.
        let hostile = count == 2 || count == 4 || (count >= Self.openingBurst && Int.random(in: 0..<4, using: &generator) == 0)
        let agent = Self.agents.randomElement(using: &generator)!
        let call = hostile ? hostileCall(agent: agent) : ordinaryCall(agent: agent)
        return Step(delay: delay, call: call, isHostile: hostile)
    }

    static let agents = ["ci-bot", "release-agent", "data-agent", "support-bot", "sre-agent"]
    private static let services = ["checkout", "search", "billing", "auth", "notifications"]
    private static let environments = ["staging", "prod", "canary"]

    private mutating func ordinaryCall(agent: String) -> AgentClient.ToolCall {
        let service = Self.services.randomElement(using: &generator)!
        let version = "1.\(Int.random(in: 2...9, using: &generator)).\(Int.random(in: 0...20, using: &generator))"
        let kinds: [(String, JSONValue, String?)] = [
            ("deploy_service", ["service": .string(service), "env": .string(Self.environments.randomElement(using: &generator)!), "version": .string(version)],
             "Release \(version) of \(service) fixes the error spike seen since this morning."),
            ("rollback_service", ["service": .string(service), "to_version": .string(version)],
             "The last \(service) release raised p99 latency; rolling back to \(version)."),
            ("db_migrate", ["database": "orders", "migration": .string("2026_11_\(Int.random(in: 10...28, using: &generator))_add_index")],
             "Adds the index the slow-query report asked for; takes about 40 s on a replica."),
            ("rotate_secrets", ["scope": .string(service), "reason": "scheduled"], "Quarterly rotation for \(service)."),
            ("read_file", ["path": .string("/srv/\(service)/config.yaml")], nil),
            ("list_buckets", ["region": "eu-west-1"], nil),
            ("search_logs", ["query": .string("level:error service:\(service)"), "since": "1h"], nil),
            ("send_email", ["to": "oncall@example.com", "subject": .string("\(service) incident summary")],
             Bool.random(using: &generator) ? "The on-call rota asked for a summary." : nil),
            ("create_ticket", ["title": .string("Flaky test in \(service)"), "priority": "P3"], nil),
            ("scale_workers", ["pool": .string(service), "count": .integer(Int64(Int.random(in: 2...40, using: &generator)))],
             "Queue depth has doubled in the last hour."),
        ]
        let (tool, arguments, justification) = kinds.randomElement(using: &generator)!
        return AgentClient.ToolCall(toolName: tool, arguments: arguments, justification: justification, agentName: agent)
    }

    private mutating func hostileCall(agent: String) -> AgentClient.ToolCall {
        let samples: [AgentClient.ToolCall] = [
            .init(toolName: "cleanup_cache", arguments: ["path": "/var/cache/app"], justification: HostileText.colourAndCursor,
                  agentName: agent),
            .init(toolName: "send_email", arguments: ["attachment": .string(HostileText.retitle)],
                  justification: HostileText.clipboard, agentName: agent),
            .init(toolName: "deploy_service", arguments: ["service": "auth", "patch": .string(HostileText.trojanSource)],
                  justification: "Security patch: \(HostileText.trojanSource)", agentName: agent),
            // The server refuses zero-width characters in tool names, so the disguise rides in the text.
            .init(toolName: "deploy_service", arguments: ["service": .string(HostileText.zeroWidthName), "env": "prod"],
                  justification: "Run \(HostileText.zeroWidthName) for billing. Looks familiar, but is it?", agentName: agent),
            .init(toolName: "db_migrate", arguments: ["database": "users", "migration": "2026_11_drop_pii"],
                  justification: HostileText.longJustification, agentName: agent),
            .init(toolName: "update_feature_flags", arguments: HostileText.hugeArguments,
                  justification: "Bulk flag update (3,000 flags).", agentName: agent),
        ]
        defer { hostileCount += 1 }
        return samples[hostileOrder[hostileCount % hostileOrder.count]]
    }

    private static let hostileSampleCount = 6
}
