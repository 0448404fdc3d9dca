/// The AI agents whose MCP configuration `approval-tui agents` reads, by the name a user types.
public enum AgentKind: String, CaseIterable, Sendable, Codable {
    case claudeCode = "claude-code"
    case codex
    case geminiCLI = "gemini-cli"
    case openCode = "opencode"
    case cursor
    case vsCode = "vscode"
    case windsurf
    case cline

    /// The name the agent's makers use.
    public var displayName: String {
        switch self {
        case .claudeCode: "Claude Code"
        case .codex: "Codex CLI"
        case .geminiCLI: "Gemini CLI"
        case .openCode: "OpenCode"
        case .cursor: "Cursor"
        case .vsCode: "VS Code"
        case .windsurf: "Windsurf"
        case .cline: "Cline"
        }
    }
}
