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
    /// The curl command is split with `\` continuations so every line stays short and the whole
    /// can still be pasted into a shell.
    public var lines: [String] {
        let token = Self.shellWord(agentTokenPath)
        return [
            "An agent sends its first tool call to \(serverURL)",
            "with the agent token in \(agentTokenPath):",
            "",
            "  curl -s -X POST \(serverURL)/api/v1/agent/tool-calls \\",
            "    -H \"Authorization: Bearer $(cat \(token))\" -H 'Content-Type: application/json' \\",
            "    -d '{\"tool_name\":\"deploy_service\",\"tool_args\":{\"env\":\"prod\"},\"justification\":\"hotfix\"}'",
            "",
            "or, from a shell script that waits for your decision:",
            "",
            "  approval-tui request --tool deploy_service --args '{\"env\":\"prod\"}' --justification hotfix --wait",
        ]
    }

    /// `path` as one shell word: bare when it holds only safe characters, else single-quoted.
    static func shellWord(_ path: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+,:@")
        if !path.isEmpty, path.unicodeScalars.allSatisfy(safe.contains) { return path }
        return "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
