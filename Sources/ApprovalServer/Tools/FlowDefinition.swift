import Foundation

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
