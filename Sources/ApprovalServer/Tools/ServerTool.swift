import Foundation

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
