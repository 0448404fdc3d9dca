import Foundation

/// How an agent reaches the local server, shown under an empty queue so a newcomer can send a
/// first tool call: the URL, where the agent token is, one curl line and one `approval-tui
/// request` line. The console wiring sets it for the embedded server only.
///
/// ```swift
/// state.onboarding = Onboarding(serverURL: "http://127.0.0.1:8600", agentTokenPath: "/home/me/.local/state/approval-tui/server/agent.token")
/// ```
public struct Onboarding: Equatable, Sendable {
    public var serverURL: String
    public var agentTokenPath: String

    public init(serverURL: String, agentTokenPath: String) {
        self.serverURL = serverURL
        self.agentTokenPath = agentTokenPath
    }

    /// The lines under the empty-queue message, unsanitized (the queue sanitizes each one).
    /// Commands are split with `\` continuations so every line fits 80 columns and still pastes
    /// into a shell.
    public var lines: [String] {
        [
            "An agent sends its first tool call to \(serverURL)",
            "with the agent token in",
            "  \(agentTokenPath)",
            "",
            "  TOKEN=$(cat \(Self.shellWord(agentTokenPath)))",
            "  curl -s -X POST \(serverURL)/api/v1/agent/tool-calls \\",
            "    -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\",
            "    -d '{\"tool_name\":\"run_tests\",\"tool_args\":{\"suite\":\"unit\"}}'",
            "",
            "or from a shell script that waits for your decision:",
            "",
            "  approval-tui request --tool deploy --args '{\"env\":\"prod\"}' \\",
            "    --justification hotfix --wait && ./deploy.sh",
        ]
    }

    /// `path` as one shell word: bare when it holds only safe characters, else single-quoted.
    static func shellWord(_ path: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+,:@")
        if !path.isEmpty, path.unicodeScalars.allSatisfy(safe.contains) { return path }
        return "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
