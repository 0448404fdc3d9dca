/// The environment a tool, flow or upstream MCP server starts with: the server's own, minus the
/// project's and Preloop's settings and credentials (`APPROVAL_TUI_TOKEN`,
/// `APPROVAL_TUI_TOKEN_FILE`, `APPROVAL_TUI_AGENT_TOKEN`, `PRELOOP_TOKEN`, … — every
/// `APPROVAL_TUI_*` and `PRELOOP_*` variable), which a console that embeds the server holds. The
/// runner then adds the variables it documents (`APPROVAL_TUI_JUSTIFICATION`, …); an upstream's
/// `env` table from the policies file is added on top, as the operator wrote it.
public enum ChildEnvironment {
    public static func scrubbed(_ environment: [String: String]) -> [String: String] {
        environment.filter { !isWithheld($0.key) }
    }

    /// Whether a variable of this name never reaches a child.
    public static func isWithheld(_ name: String) -> Bool {
        let upper = name.uppercased()
        return upper.hasPrefix("APPROVAL_TUI_") || upper.hasPrefix("PRELOOP_")
    }
}
