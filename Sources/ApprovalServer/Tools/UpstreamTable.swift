import TOMLSupport
import ApprovalModel
import Foundation

/// `[[upstream]]`: `name`, then either `command` (argv) with an optional `env` table, or `url`
/// with an optional `headers` table; `prefix` is optional.
enum UpstreamTable {
    static func parse(_ table: TOMLTable) throws(TOMLError) -> UpstreamServer {
        try table.rejectUnknownKeys(allowed: ["name", "command", "env", "url", "headers", "prefix"])
        let name = try PolicyFileParser.visibleName(table, "name")
        let command = try table.strings(at: "command")
        let url = try table.string(at: "url")
        let connection: UpstreamServer.Connection
        switch (command, url) {
        case (let argv?, nil):
            if argv.isEmpty { throw table.error(at: "command", "command must name a program") }
            connection = .command(argv, environment: try strings(table, "env"))
        case (nil, let text?):
            guard let parsed = URL(string: text), ["http", "https"].contains(parsed.scheme?.lowercased() ?? "") else {
                throw table.error(at: "url", "url must be an http(s) URL")
            }
            connection = .http(parsed, headers: try strings(table, "headers"))
        default:
            throw table.error(at: "name", "upstream \"\(name)\" needs exactly one of command or url")
        }
        return UpstreamServer(name: name, connection: connection, prefix: try table.string(at: "prefix"))
    }

    /// A table of string values (`env`, `headers`), empty when absent.
    private static func strings(_ table: TOMLTable, _ key: String) throws(TOMLError) -> [String: String] {
        guard let inner = try table.table(at: key) else { return [:] }
        var result: [String: String] = [:]
        for name in inner.keys {
            guard case .string(let value)? = inner.entry(name)?.value else {
                throw table.error(at: key, "\(key).\(name) must be a string")
            }
            result[name] = value
        }
        return result
    }
}
