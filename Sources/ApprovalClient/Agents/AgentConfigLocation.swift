/// One file an agent keeps MCP servers in: where, in which format, and under which keys.
public struct AgentConfigLocation: Equatable, Sendable {
    public enum Format: String, Equatable, Sendable, Codable {
        /// Strict JSON (Claude Code, Cursor, Windsurf, Cline read it with `JSON.parse`).
        case json
        /// JSON with `//` and `/* */` comments and trailing commas (VS Code, Gemini CLI, OpenCode).
        case jsonc
        /// TOML (Codex).
        case toml
    }

    public var agent: AgentKind
    /// Absolute path.
    public var path: String
    public var format: Format
    /// The keys leading to the map of servers (`["mcpServers"]`, `["mcp_servers"]`, …).
    public var serversKey: [String]
    /// `user`, or `project` for a file of the working directory.
    public var scope: String

    public init(agent: AgentKind, path: String, format: Format, serversKey: [String], scope: String = "user") {
        self.agent = agent
        self.path = path
        self.format = format
        self.serversKey = serversKey
        self.scope = scope
    }
}

/// Where each agent keeps its MCP servers on Linux, as each documents it (and its source code
/// reads it), with the environment variables that move the folders.
public enum AgentLocations {
    /// Every file to look at, user scope first, then the working directory's project files.
    public static func all(home: String, environment: [String: String], workingDirectory: String?) -> [AgentConfigLocation] {
        func variable(_ name: String) -> String? {
            guard let value = environment[name], value.hasPrefix("/") else { return nil }
            return value
        }
        let xdgConfig = variable("XDG_CONFIG_HOME") ?? home + "/.config"
        let claudeDir = variable("CLAUDE_CONFIG_DIR") ?? home
        let codexHome = variable("CODEX_HOME") ?? home + "/.codex"
        let geminiHome = variable("GEMINI_CLI_HOME") ?? home
        let clineData = variable("CLINE_DATA_DIR") ?? (variable("CLINE_DIR") ?? home + "/.cline") + "/data"
        var locations: [AgentConfigLocation] = [
            AgentConfigLocation(agent: .claudeCode, path: claudeDir + "/.claude.json", format: .json, serversKey: ["mcpServers"]),
            AgentConfigLocation(agent: .codex, path: codexHome + "/config.toml", format: .toml, serversKey: ["mcp_servers"]),
            AgentConfigLocation(agent: .geminiCLI, path: geminiHome + "/.gemini/settings.json", format: .jsonc, serversKey: ["mcpServers"]),
            AgentConfigLocation(agent: .openCode, path: xdgConfig + "/opencode/opencode.json", format: .jsonc, serversKey: ["mcp"]),
            AgentConfigLocation(agent: .openCode, path: xdgConfig + "/opencode/opencode.jsonc", format: .jsonc, serversKey: ["mcp"]),
            AgentConfigLocation(agent: .cursor, path: home + "/.cursor/mcp.json", format: .json, serversKey: ["mcpServers"]),
            AgentConfigLocation(agent: .vsCode, path: xdgConfig + "/Code/User/mcp.json", format: .jsonc, serversKey: ["servers"]),
            AgentConfigLocation(agent: .windsurf, path: home + "/.codeium/windsurf/mcp_config.json", format: .json, serversKey: ["mcpServers"]),
            AgentConfigLocation(
                agent: .cline, path: variable("CLINE_MCP_SETTINGS_PATH") ?? clineData + "/settings/cline_mcp_settings.json",
                format: .json, serversKey: ["mcpServers"]),
            // Cline before 4.0 kept it in VS Code's storage (4.0 moves it on first start).
            AgentConfigLocation(
                agent: .cline, path: xdgConfig + "/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
                format: .json, serversKey: ["mcpServers"]),
        ]
        if let directory = workingDirectory, directory.hasPrefix("/") {
            let project: [(AgentKind, String, AgentConfigLocation.Format, String)] = [
                (.claudeCode, "/.mcp.json", .json, "mcpServers"),
                (.codex, "/.codex/config.toml", .toml, "mcp_servers"),
                (.geminiCLI, "/.gemini/settings.json", .jsonc, "mcpServers"),
                (.openCode, "/opencode.json", .jsonc, "mcp"),
                (.cursor, "/.cursor/mcp.json", .json, "mcpServers"),
                (.vsCode, "/.vscode/mcp.json", .jsonc, "servers"),
            ]
            for (agent, file, format, key) in project where directory != home {
                locations.append(AgentConfigLocation(agent: agent, path: directory + file, format: format, serversKey: [key], scope: "project"))
            }
        }
        return locations
    }
}
