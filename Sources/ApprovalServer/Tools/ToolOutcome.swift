import ApprovalClient
import Foundation

/// The results a tool call can end with, in the shapes stored in `tool_result`.
enum ToolOutcome {
    /// The claim marker, as Preloop writes it.
    static let executingMarker: JSONValue = ["_executing": true]

    static func isExecuting(_ value: JSONValue?) -> Bool { value == executingMarker }

    /// `{"_error": …}` when the run failed before producing a result.
    static func error(of value: JSONValue?) -> String? { value?["_error"]?.stringValue }
}
