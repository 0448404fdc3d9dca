import TOMLSupport
import ApprovalModel
import Foundation

/// Reads `policies.toml` into a `PolicySet`. Every problem names the file and line.
enum PolicyFileParser {
    static func parse(_ text: String, file: String) throws(ServerError) -> PolicySet {
        do {
            let root = try TOMLDocument(parsing: text, file: file).root
            try root.rejectUnknownKeys(allowed: ["policy", "tool", "flow", "upstream", UnmatchedTool.key])
            let policies = try (root.arrayOfTables(at: "policy") ?? []).map(policy)
            let tools = try (root.arrayOfTables(at: "tool") ?? []).map(tool)
            let flows = try (root.arrayOfTables(at: "flow") ?? []).map(flow)
            let upstreams = try (root.arrayOfTables(at: "upstream") ?? []).map(UpstreamTable.parse)
            try unique(policies.map(\.name), root.arrayOfTables(at: "policy") ?? [], "policy")
            try unique(tools.map(\.name), root.arrayOfTables(at: "tool") ?? [], "tool")
            try unique(flows.map(\.name), root.arrayOfTables(at: "flow") ?? [], "flow")
            try unique(upstreams.map(\.name), root.arrayOfTables(at: "upstream") ?? [], "upstream")
            return PolicySet(
                policies: policies, tools: tools, flows: flows, upstreams: upstreams,
                allowsUnmatchedTools: try root.bool(at: UnmatchedTool.key) ?? false, source: file)
        } catch {
            throw ServerError.policyFile(error.description)
        }
    }

    private static func policy(_ table: TOMLTable) throws(TOMLError) -> ServerPolicy {
        try table.rejectUnknownKeys(allowed: [
            "name", "description", "tools", "timeout_seconds", "approvals_required", "justification", "channels", "async",
        ])
        let name = try visibleName(table, "name")
        let tools = try table.required("tools", table.strings(at: "tools"))
        for pattern in tools {
            if let issue = TextField.nameIssue(pattern, field: "tools") { throw table.error(at: "tools", issue.msg) }
        }
        if tools.isEmpty { throw table.error(at: "tools", "policy \"\(name)\" guards no tools") }
        let timeout = try table.int(at: "timeout_seconds") ?? 300
        if timeout < 1 { throw table.error(at: "timeout_seconds", "timeout_seconds must be at least 1") }
        let quorum = try table.int(at: "approvals_required") ?? 1
        if quorum < 1 { throw table.error(at: "approvals_required", "approvals_required must be at least 1") }
        let modeText = try table.string(at: "justification") ?? "optional"
        let mode = JustificationMode(text: modeText)
        if case .unknown = mode {
            throw table.error(at: "justification", "justification must be \"none\", \"optional\" or \"required\", not \(JSONValue.quoted(modeText))")
        }
        return ServerPolicy(
            name: name, description: try table.string(at: "description"), tools: tools, timeoutSeconds: timeout,
            approvalsRequired: quorum, justification: mode, channels: try table.strings(at: "channels") ?? ["console"],
            isAsync: try table.bool(at: "async") ?? true)
    }

    private static func tool(_ table: TOMLTable) throws(TOMLError) -> ServerTool {
        try table.rejectUnknownKeys(allowed: ["name", "description", "command"])
        let command = try table.strings(at: "command")
        if command?.isEmpty == true { throw table.error(at: "command", "command must name a program") }
        return ServerTool(
            name: try visibleName(table, "name"), description: try table.string(at: "description"),
            command: command)
    }

    private static func flow(_ table: TOMLTable) throws(TOMLError) -> FlowDefinition {
        try table.rejectUnknownKeys(allowed: ["name", "description", "command", "prompt"])
        let command = try table.required("command", table.strings(at: "command"))
        if command.isEmpty { throw table.error(at: "command", "command must name a program") }
        return FlowDefinition(
            name: try visibleName(table, "name"), description: try table.string(at: "description"),
            command: command, prompt: try table.required("prompt", table.string(at: "prompt")))
    }

    /// A required name, held to the rules an agent's tool name is held to (no control, bidi or
    /// invisible characters, no blank ends): it is matched, stored and shown as written.
    static func visibleName(_ table: TOMLTable, _ key: String) throws(TOMLError) -> String {
        let name = try table.required(key, table.string(at: key))
        if let issue = TextField.nameIssue(name, field: key) { throw table.error(at: key, issue.msg) }
        return name
    }

    private static func unique(_ names: [String], _ tables: [TOMLTable], _ kind: String) throws(TOMLError) {
        var seen: Set<String> = []
        for (name, table) in zip(names, tables) where !seen.insert(name).inserted {
            throw table.error(at: "name", "a second \(kind) named \"\(name)\"")
        }
    }
}
