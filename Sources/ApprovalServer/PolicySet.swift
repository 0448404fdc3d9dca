import Foundation

/// How a policy treats the agent's justification.
public enum JustificationMode: Sendable, Hashable {
    case none, optional, required
    /// A value the server does not understand: every call under it is rejected (fail closed).
    case unknown(String)

    public init(text: String) {
        switch text {
        case "none": self = .none
        case "optional": self = .optional
        case "required": self = .required
        default: self = .unknown(text)
        }
    }

    /// Preloop's wire value: `nil` (disabled), `optional` or `required`.
    public var wireValue: String? {
        switch self {
        case .none: nil
        case .optional: "optional"
        case .required: "required"
        case .unknown(let text): text
        }
    }
}

/// One approval policy: which tools it guards and how.
public struct ServerPolicy: Sendable, Hashable {
    public var name: String
    public var description: String?
    /// Exact tool names and glob patterns (`*`, `?`).
    public var tools: [String]
    public var timeoutSeconds: Int
    public var approvalsRequired: Int
    public var justification: JustificationMode
    public var channels: [String]
    public var isAsync: Bool

    public init(
        name: String, description: String? = nil, tools: [String], timeoutSeconds: Int = 300,
        approvalsRequired: Int = 1, justification: JustificationMode = .optional,
        channels: [String] = ["console"], isAsync: Bool = true
    ) {
        self.name = name
        self.description = description
        self.tools = tools
        self.timeoutSeconds = timeoutSeconds
        self.approvalsRequired = approvalsRequired
        self.justification = justification
        self.channels = channels
        self.isAsync = isAsync
    }

    /// Whether this policy guards `toolName`.
    public func guards(_ toolName: String) -> Bool {
        tools.contains { GlobPattern.matches($0, toolName) }
    }
}

/// A tool agents may call. With a `command` the server runs it when the call is allowed or
/// approved; without one the tool is "approval only" and its result is the decision.
public struct ServerTool: Sendable, Hashable {
    public var name: String
    public var description: String?
    /// argv; never passed through a shell.
    public var command: [String]?

    public init(name: String, description: String? = nil, command: [String]? = nil) {
        self.name = name
        self.description = description
        self.command = command
    }
}

/// A flow: a named agent command (argv) with a prompt.
public struct FlowDefinition: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var command: [String]
    public var prompt: String

    public init(name: String, description: String? = nil, command: [String], prompt: String) {
        self.name = name
        self.description = description
        self.command = command
        self.prompt = prompt
    }
}

/// Everything the policies file defines. Policies are checked in order; the first one that
/// guards a tool wins. A tool no policy guards is allowed.
public struct PolicySet: Sendable, Hashable {
    public var policies: [ServerPolicy]
    public var tools: [ServerTool]
    public var flows: [FlowDefinition]

    public init(policies: [ServerPolicy], tools: [ServerTool] = [], flows: [FlowDefinition] = []) {
        self.policies = policies
        self.tools = tools
        self.flows = flows
    }

    /// The policy that guards `toolName`, if any.
    public func policy(for toolName: String) -> ServerPolicy? {
        policies.first { $0.guards(toolName) }
    }

    public func tool(named name: String) -> ServerTool? {
        tools.first { $0.name == name }
    }

    /// The starter rules: `deploy*` and `delete_*` need a justification; everything else still
    /// needs approval with an optional one. Unknown tools are guarded, never silently allowed.
    public static let starter = PolicySet(policies: [
        ServerPolicy(
            name: "destructive", description: "Deployments and deletions: approval with a reason",
            tools: ["deploy*", "delete_*"], justification: .required),
        ServerPolicy(
            name: "default", description: "Every other tool: approval, reason optional",
            tools: ["*"], justification: .optional),
    ])
}

/// Shell-style globs over tool names: `*` any run of characters, `?` one character.
enum GlobPattern {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        var pi = 0
        var ti = 0
        var starP = -1
        var starT = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                starP = pi
                starT = ti
                pi += 1
            } else if starP >= 0 {
                pi = starP + 1
                starT += 1
                ti = starT
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
