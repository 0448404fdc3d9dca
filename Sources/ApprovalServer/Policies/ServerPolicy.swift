import Foundation

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
