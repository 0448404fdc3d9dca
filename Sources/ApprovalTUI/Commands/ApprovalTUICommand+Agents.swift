import ApprovalClient
import ApprovalModel
import ApprovalViewModels
import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui agents`: the AI agents configured on this machine, and whether each is wired
    /// to our gateway, to a Preloop, or to neither. Reads only; writes nothing.
    struct Agents: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The AI agents on this machine: which go through the approval gateway; connect or disconnect one.",
            subcommands: [AgentsList.self, AgentsConnect.self, AgentsDisconnect.self], defaultSubcommand: AgentsList.self)
    }

    struct AgentsList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the AI agents configured on this machine and whether each is wired to the approval gateway.",
            discussion: "Reads the MCP settings of Claude Code, Codex CLI, Gemini CLI, OpenCode, Cursor, VS Code, "
                + "Windsurf and Cline (user files, and the project files of the working directory). A server is "
                + "the gateway when it runs `approval-tui mcp` or is this machine's /mcp/v1; another host's /mcp/v1 "
                + "is a Preloop. Nothing is written.")

        @Flag(name: .long, help: "Print JSON instead of a table.") var json = false

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            guard let home = environment["HOME"], home.hasPrefix("/") else {
                printError("HOME is not set to an absolute path: cannot find the agents' settings")
                throw ExitStatus.usage
            }
            let locations = AgentLocations.all(
                home: home, environment: environment, workingDirectory: FileManager.default.currentDirectoryPath)
            let reports = AgentScan.scan(locations, files: LocalFileSystem.agentSettings)
            if json {
                SafeOutput.json(JSONValue.array(reports.map(Self.object)).prettyPrinted())
            } else {
                for line in Self.table(reports, home: home) { SafeOutput.text(line) }
            }
        }

        /// One line per agent file found (and one per agent with none), server text made inert.
        static func table(_ reports: [AgentReport], home: String) -> [String] {
            var rows: [(agent: String, path: String, status: String)] = []
            for agent in AgentKind.allCases {
                let found = reports.filter { $0.location.agent == agent && $0.state != .missing }
                guard !found.isEmpty else {
                    rows.append((agent.rawValue, "-", "no settings file found"))
                    continue
                }
                for report in found {
                    var path = report.location.path
                    if path.hasPrefix(home + "/") { path = "~" + path.dropFirst(home.count) }
                    rows.append((agent.rawValue, PlainText.line(path, limit: 120), status(report)))
                }
            }
            let pathWidth = min(48, rows.map(\.path.count).max() ?? 0)
            return rows.map { row in
                row.agent.padding(toLength: 12, withPad: " ", startingAt: 0) + "  "
                    + (row.path.count < pathWidth ? row.path.padding(toLength: pathWidth, withPad: " ", startingAt: 0) : row.path)
                    + "  " + row.status
            }
        }

        static func status(_ report: AgentReport) -> String {
            switch report.state {
            case .missing: return "no settings file"
            case .unreadable(let reason): return "cannot read it: \(PlainText.line(reason, limit: 200))"
            case .servers(let servers):
                if let gateway = report.gatewayServers.first {
                    let around = servers.filter { $0.target != .gateway && !$0.isDisabled }.count
                    return "wired to the approval gateway (server \"\(PlainText.line(gateway.name, limit: 60))\")"
                        + (around == 0 ? "" : "; \(around) other server\(around == 1 ? "" : "s") not through it")
                }
                if let preloop = report.preloopServers.first, case .preloop(let host) = preloop.target {
                    return "wired to a Preloop at \(PlainText.line(host, limit: 80)) (server \"\(PlainText.line(preloop.name, limit: 60))\")"
                }
                return servers.isEmpty
                    ? "not wired (no MCP servers)"
                    : "not wired (\(servers.count) other MCP server\(servers.count == 1 ? "" : "s"))"
            }
        }

        static func object(_ report: AgentReport) -> JSONValue {
            var object: [String: JSONValue] = [
                "agent": .string(report.location.agent.rawValue), "path": .string(report.location.path),
                "format": .string(report.location.format.rawValue), "scope": .string(report.location.scope),
            ]
            switch report.state {
            case .missing:
                object["found"] = false
            case .unreadable(let reason):
                object["found"] = true
                object["error"] = .string(reason)
            case .servers(let servers):
                object["found"] = true
                object["wired"] = .string(!report.gatewayServers.isEmpty ? "gateway" : !report.preloopServers.isEmpty ? "preloop" : "none")
                object["servers"] = .array(servers.map { server in
                    let target: String = switch server.target {
                    case .gateway: "gateway"
                    case .preloop: "preloop"
                    case .other: "other"
                    }
                    return [
                        "name": .string(server.name), "command": server.command.map { .array($0.map(JSONValue.string)) } ?? .null,
                        "url": server.url.map(JSONValue.string) ?? .null, "target": .string(target),
                    ]
                })
            }
            return .object(object)
        }
    }
}
