import ApprovalModel
import Foundation
import TOMLSupport

/// What one agent's configuration file says about MCP: nothing there, unreadable (and why),
/// or the servers it names.
public struct AgentReport: Equatable, Sendable {
    public enum State: Equatable, Sendable {
        case missing
        case unreadable(String)
        case servers([MCPServerEntry])
    }

    public var location: AgentConfigLocation
    public var state: State

    /// The servers that are our gateway.
    public var gatewayServers: [MCPServerEntry] {
        guard case .servers(let servers) = state else { return [] }
        return servers.filter { $0.target == .gateway }
    }

    /// The servers that point at a Preloop.
    public var preloopServers: [MCPServerEntry] {
        guard case .servers(let servers) = state else { return [] }
        return servers.filter { if case .preloop = $0.target { true } else { false } }
    }
}

/// Reads every agent's MCP configuration (read only: nothing is written).
public enum AgentScan {
    public static func scan(_ locations: [AgentConfigLocation], files: some FileReading) -> [AgentReport] {
        locations.map { location in
            switch files.readText(atPath: location.path) {
            case .missing: return AgentReport(location: location, state: .missing)
            case .unreadable(let reason): return AgentReport(location: location, state: .unreadable(reason))
            case .text(let text):
                do throws(ReadError) {
                    return AgentReport(location: location, state: .servers(try servers(in: text, location)))
                } catch {
                    return AgentReport(location: location, state: .unreadable(error.description))
                }
            }
        }
    }

    /// Why a settings file could not be read as its format.
    public struct ReadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The servers `text` names under `location.serversKey`, in file order.
    public static func servers(in text: String, _ location: AgentConfigLocation) throws(ReadError) -> [MCPServerEntry] {
        switch location.format {
        case .toml: return try tomlServers(text, location)
        case .json, .jsonc: return try jsonServers(text, location)
        }
    }

    /// `text` parsed as the agent reads it (JSONC made strict, offsets kept), with the bytes the
    /// node ranges point into.
    static func parseJSON(_ text: String, _ location: AgentConfigLocation) throws(ReadError) -> (bytes: [UInt8], root: JSONNode) {
        var bytes = Array(text.utf8)
        if location.format == .jsonc {
            do throws(JSONCText.Unterminated) { bytes = try JSONCText.strict(bytes) } catch {
                throw ReadError(description: "a comment or string that starts at byte \(error.offset) never ends")
            }
        }
        do throws(StrictJSONError) {
            return (bytes, try StrictJSON.parse(bytes, allowsDuplicateKeys: true))
        } catch {
            throw ReadError(description: "not valid JSON: \(error.description)")
        }
    }

    private static func jsonServers(_ text: String, _ location: AgentConfigLocation) throws(ReadError) -> [MCPServerEntry] {
        let root = try parseJSON(text, location).root
        var node: JSONNode? = root
        for key in location.serversKey { node = node?.lastMember(key) }
        var entries = node.map(jsonEntries) ?? []
        // Claude Code also keeps servers per project, under projects[<absolute path>].mcpServers.
        if location.agent == .claudeCode, location.scope == "user", case .object(let projects)? = root.lastMember("projects")?.kind {
            for project in projects {
                if let servers = project.value.lastMember("mcpServers") {
                    entries += jsonEntries(servers).map { MCPServerEntry(name: "\(project.key): \($0.name)", command: $0.command, url: $0.url) }
                }
            }
        }
        return entries
    }

    /// The servers of a servers map, as ``AgentConfigEdit`` checks them.
    static func jsonEntriesForEdit(_ servers: JSONNode) -> [MCPServerEntry] { jsonEntries(servers) }

    private static func jsonEntries(_ servers: JSONNode) -> [MCPServerEntry] {
        guard case .object(let members) = servers.kind else { return [] }
        var seen = Set<[UInt8]>()
        var entries: [MCPServerEntry] = []
        // Keys as JavaScript compares them: byte for byte, not canonically ("é" and "e\u{301}" are two).
        for member in members.reversed() where seen.insert(Array(member.key.utf8)).inserted {
            let value = member.value
            func string(_ key: String) -> String? {
                if case .string(let text)? = value.lastMember(key)?.kind { return text }
                return nil
            }
            func strings(_ key: String) -> [String]? {
                guard case .array(let items)? = value.lastMember(key)?.kind else { return nil }
                return items.compactMap { if case .string(let text) = $0.kind { text } else { nil } }
            }
            var command: [String]?
            if let program = string("command") {
                command = [program] + (strings("args") ?? [])
            } else if let line = strings("command"), !line.isEmpty {
                command = line  // OpenCode: the whole command line in one array
            }
            let url = string("httpUrl") ?? string("url") ?? string("serverUrl")
            var disabled = false
            if case .bool(true)? = value.lastMember("disabled")?.kind { disabled = true }
            if case .bool(false)? = value.lastMember("enabled")?.kind { disabled = true }
            entries.append(MCPServerEntry(name: member.key, command: command, url: url, isDisabled: disabled))
        }
        return entries.reversed()
    }

    private static func tomlServers(_ text: String, _ location: AgentConfigLocation) throws(ReadError) -> [MCPServerEntry] {
        let root: TOMLTable
        do throws(TOMLError) {
            root = try TOMLDocument(parsing: text, file: location.path).root
        } catch {
            throw ReadError(description: error.description)
        }
        var table: TOMLTable? = root
        for key in location.serversKey { table = table?.entry(at: [key])?.value.tableValue }
        guard let servers = table else { return [] }
        return servers.entries.compactMap { entry in
            guard let server = entry.value.tableValue else { return nil }
            let program = server.entry(at: ["command"])?.value.stringValue
            let args = server.entry(at: ["args"])?.value.arrayValue?.compactMap(\.stringValue) ?? []
            return MCPServerEntry(
                name: entry.key, command: program.map { [$0] + args }, url: server.entry(at: ["url"])?.value.stringValue,
                isDisabled: server.entry(at: ["enabled"])?.value.boolValue == false)
        }
    }
}
