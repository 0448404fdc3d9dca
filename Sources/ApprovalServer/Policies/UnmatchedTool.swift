/// The one rule for a tool that no policy matches, for REST and MCP alike: refused, unless the
/// policies file says `allow_unmatched_tools = true`.
enum UnmatchedTool {
    /// The policies file's top-level key.
    static let key = "allow_unmatched_tools"

    /// The refusal an agent gets, naming the policies file so a person knows where to look.
    static func refusal(_ toolName: String, policies: PolicySet) -> String {
        let file = policies.source.map { "the policies file \($0)" } ?? "the server's policies"
        return "Tool '\(toolName)' matches no policy in \(file), so it was refused and did not run. "
            + "Add a policy for it there, or set \(key) = true in that file to let unmatched tools run without approval."
    }
}
