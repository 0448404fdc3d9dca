import ApprovalModel
import Foundation

/// The results a tool call can end with, in the shapes stored in `tool_result`.
enum ToolOutcome {
    /// The claim marker, as Preloop writes it.
    static let executingMarker: JSONValue = ["_executing": true]

    static func isExecuting(_ value: JSONValue?) -> Bool { value == executingMarker }

    /// The key of a result that says the call never reached its (upstream) tool.
    static let notSentKey = "_not_sent"

    /// Why the call never reached its tool, when it did not: never stored, so it can be sent later.
    static func notSent(_ value: JSONValue?) -> String? { value?[notSentKey]?.stringValue }

    /// `{"_error": …}` when the run failed before producing a result.
    static func error(of value: JSONValue?) -> String? { value?["_error"]?.stringValue }
}
