import ApprovalModel
import Foundation
import TOMLSupport

/// Adds the gateway to an agent's settings, or takes it out, by editing the text where the entry
/// goes and nowhere else: every other setting, comment, key order and blank keeps its bytes. The
/// file is read with the same parsers `approval-tui agents` uses to find the place, and the result
/// is read again and checked (the gateway entry there, everything else as it was) before it is
/// returned, so a file the edit would break is refused, never written.
public enum AgentConfigEdit {
    public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// `text` (nil: no file yet) with the gateway added; the same text when it is there already.
    public static func connect(_ text: String?, at location: AgentConfigLocation, entry: GatewayEntry) throws(Refusal) -> String {
        switch location.format {
        case .toml: return try connectTOML(text ?? "", location, entry)
        case .json, .jsonc:
            let source = text ?? ""
            if source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return wrap(location.serversKey, "{\(JSONValue.quoted(entry.name)): \(entry.jsonValue(for: location.agent))}") + "\n"
            }
            return try connectJSON(source, location, entry)
        }
    }

    /// `text` without the server named `name`; nil when there is none (nothing to change).
    public static func disconnect(_ text: String, at location: AgentConfigLocation, name: String) throws(Refusal) -> String? {
        switch location.format {
        case .toml: return try disconnectTOML(text, location, name)
        case .json, .jsonc: return try disconnectJSON(text, location, name)
        }
    }

    // MARK: - JSON and JSONC

    private static func wrap(_ keys: [String], _ inner: String) -> String {
        keys.reversed().reduce(inner) { text, key in "{\(JSONValue.quoted(key)): \(text)}" }
    }

    private static func parse(_ text: String, _ location: AgentConfigLocation) throws(Refusal) -> (bytes: [UInt8], root: JSONNode) {
        var bytes = Array(text.utf8)
        if location.format == .jsonc {
            do throws(JSONCText.Unterminated) { bytes = try JSONCText.strict(bytes) } catch {
                throw Refusal("a comment or string that starts at byte \(error.offset) never ends")
            }
        }
        let root: JSONNode
        do throws(StrictJSONError) {
            root = try StrictJSON.parse(bytes, allowsDuplicateKeys: true)
        } catch {
            throw Refusal("not valid JSON: \(error.description)")
        }
        guard case .object = root.kind else { throw Refusal("the file is not a JSON object") }
        return (bytes, root)
    }

    private static func lastMember(_ node: JSONNode, _ key: String) -> JSONNode? {
        guard case .object(let members) = node.kind else { return nil }
        return members.last { $0.key == key }?.value
    }

    private static func connectJSON(_ text: String, _ location: AgentConfigLocation, _ entry: GatewayEntry) throws(Refusal) -> String {
        let (bytes, root) = try parse(text, location)
        var parent = root
        var missing: [String] = []
        for key in location.serversKey {
            if !missing.isEmpty { missing.append(key); continue }
            if let child = lastMember(parent, key) { parent = child } else { missing.append(key) }
        }
        guard case .object(let members) = parent.kind else {
            throw Refusal("\(location.serversKey.joined(separator: ".")) is not an object")
        }
        let value = entry.jsonValue(for: location.agent)
        let memberText: String
        if missing.isEmpty {
            if members.contains(where: { $0.key == entry.name }) {
                let servers = AgentScan.jsonEntriesForEdit(parent)
                if servers.first(where: { $0.name == entry.name })?.target == .gateway { return text }
                throw Refusal("a server named \"\(entry.name)\" is there already and is not the gateway; rename it or remove it first")
            }
            memberText = "\(JSONValue.quoted(entry.name)): \(value)"
        } else {
            memberText = "\(JSONValue.quoted(missing[0])): " + wrap(Array(missing.dropFirst()), "{\(JSONValue.quoted(entry.name)): \(value)}")
        }
        let result = insert(memberText, into: parent, members: members, bytes: bytes, original: Array(text.utf8))
        try check(result, location, entry)
        return result
    }

    /// `member` added after the last member of `object` (or as its only member), laid out like its
    /// neighbours: on a line of its own with their indent when the object spans lines.
    private static func insert(_ member: String, into object: JSONNode, members: [JSONNode.Member], bytes: [UInt8], original: [UInt8]) -> String {
        var out = original
        if let last = members.last {
            let at = last.value.range.upperBound
            let spansLines = bytes[object.range].contains(UInt8(ascii: "\n"))
            let separator = spansLines ? ",\n" + indent(ofLineAt: last.value.range.lowerBound, in: bytes) : ", "
            out.insert(contentsOf: Array((separator + member).utf8), at: at)
        } else {
            out.insert(contentsOf: Array(member.utf8), at: object.range.lowerBound + 1)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The blanks that open the line holding `offset`.
    private static func indent(ofLineAt offset: Int, in bytes: [UInt8]) -> String {
        var start = offset
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var end = start
        while end < bytes.count, bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static func disconnectJSON(_ text: String, _ location: AgentConfigLocation, _ name: String) throws(Refusal) -> String? {
        let (bytes, root) = try parse(text, location)
        var node: JSONNode? = root
        for key in location.serversKey { node = node.flatMap { lastMember($0, key) } }
        guard let servers = node, case .object(let members) = servers.kind,
            let index = members.lastIndex(where: { $0.key == name })
        else { return nil }
        let range: Range<Int>
        if index > 0 {
            range = members[index - 1].value.range.upperBound..<members[index].value.range.upperBound
        } else if members.count > 1 {
            range = keyStart(before: members[0].value.range.lowerBound, in: bytes)..<keyStart(before: members[1].value.range.lowerBound, in: bytes)
        } else {
            range = (servers.range.lowerBound + 1)..<(servers.range.upperBound - 1)
        }
        var out = Array(text.utf8)
        out.removeSubrange(range)
        let result = String(decoding: out, as: UTF8.self)
        let (_, after) = try parse(result, location)
        var left: JSONNode? = after
        for key in location.serversKey { left = left.flatMap { lastMember($0, key) } }
        guard let left, !(AgentScan.jsonEntriesForEdit(left).contains { $0.name == name }) else {
            throw Refusal("the server could not be taken out cleanly; the file was left as it was")
        }
        return result
    }

    /// Where the key of the member whose value starts at `valueStart` begins (its opening quote).
    private static func keyStart(before valueStart: Int, in bytes: [UInt8]) -> Int {
        var index = valueStart - 1
        while index > 0, bytes[index] != UInt8(ascii: ":") { index -= 1 }
        index -= 1
        while index > 0, bytes[index] != UInt8(ascii: "\"") { index -= 1 }  // the key's closing quote
        index -= 1
        while index > 0 {
            if bytes[index] == UInt8(ascii: "\"") {
                var backslashes = 0
                while index - 1 - backslashes >= 0, bytes[index - 1 - backslashes] == UInt8(ascii: "\\") { backslashes += 1 }
                if backslashes % 2 == 0 { return index }
            }
            index -= 1
        }
        return 0
    }

    /// The edited text reads as the agent will read it, and has the gateway under its name.
    private static func check(_ result: String, _ location: AgentConfigLocation, _ entry: GatewayEntry) throws(Refusal) {
        guard let servers = try? AgentScan.servers(in: result, location),
            servers.contains(where: { $0.name == entry.name && $0.target == .gateway })
        else { throw Refusal("the edited file would not read back with the gateway in it; nothing was written") }
    }

    // MARK: - TOML (Codex)

    private static func tomlRoot(_ text: String, _ location: AgentConfigLocation) throws(Refusal) -> TOMLTable {
        do throws(TOMLError) {
            return try TOMLDocument(parsing: text, file: location.path).root
        } catch {
            throw Refusal(error.description)
        }
    }

    private static func connectTOML(_ text: String, _ location: AgentConfigLocation, _ entry: GatewayEntry) throws(Refusal) -> String {
        let root = try tomlRoot(text, location)
        let servers = root.value(at: location.serversKey[0])?.tableValue
        if let existing = servers?.entries.first(where: { $0.key == entry.name })?.value.tableValue {
            if existing.value(at: "command")?.stringValue.map({ ($0 as NSString).lastPathComponent }) == "approval-tui",
                existing.value(at: "args")?.arrayValue?.first?.stringValue == "mcp"
            { return text }
            throw Refusal("a server named \"\(entry.name)\" is there already and is not the gateway; rename it or remove it first")
        }
        // Appended as the last table, after a blank line; a file without a final newline keeps
        // having none, so `disconnect` gives back exactly what was there.
        let table = "[\(location.serversKey[0]).\(tomlKey(entry.name))]\n" + entry.tomlBody
        var result = text
        if result.isEmpty {
            result = table
        } else if result.hasSuffix("\n") {
            result += "\n" + table
        } else {
            result += "\n\n" + table.dropLast()
        }
        do throws(Refusal) {
            try check(result, location, entry)
            let before = try tomlRoot(text, location), after = try tomlRoot(result, location)
            guard before.keys.allSatisfy({ key in key == location.serversKey[0] || before.value(at: key) == after.value(at: key) }) else {
                throw Refusal("other settings would change")
            }
        } catch {
            throw Refusal("\(location.serversKey[0]) cannot take a new table here (an inline table?): \(error.description); nothing was written")
        }
        return result
    }

    private static func tomlKey(_ name: String) -> String {
        name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
            ? name : GatewayEntry.tomlString(name)
    }

    private static func disconnectTOML(_ text: String, _ location: AgentConfigLocation, _ name: String) throws(Refusal) -> String? {
        let root = try tomlRoot(text, location)
        guard let servers = root.value(at: location.serversKey[0])?.tableValue,
            let entry = servers.entries.first(where: { $0.key == name }), let table = entry.value.tableValue
        else { return nil }
        // The table's lines: from its header to the next header (or the end of the file).
        var lines = text.components(separatedBy: "\n")
        let header = table.line - 1
        guard lines.indices.contains(header), lines[header].trimmingCharacters(in: .whitespaces).hasPrefix("[") else {
            throw Refusal("server \"\(name)\" is written inline in \(location.serversKey[0]); take it out by hand")
        }
        func isBlank(_ line: String) -> Bool { line.trimmingCharacters(in: .whitespaces).isEmpty }
        var end = header + 1
        while end < lines.count, !lines[end].trimmingCharacters(in: .whitespaces).hasPrefix("[") { end += 1 }
        // The blank line `connect` put before the header goes with it.
        var start = header
        if start > 0, isBlank(lines[start - 1]) { start -= 1 }
        if end < lines.count {
            // Another table follows: the blank lines before it stay, as the separation it had.
            while end > header + 1, isBlank(lines[end - 1]) { end -= 1 }
        } else if text.hasSuffix("\n") {
            end = lines.count - 1  // the last table: the file's final newline stays
        }
        lines.removeSubrange(start..<max(start, end))
        let result = lines.joined(separator: "\n")
        let after = try tomlRoot(result, location)
        let left = after.value(at: location.serversKey[0])?.tableValue
        guard !(left?.entries.contains { $0.key == name } ?? false),
            root.keys.allSatisfy({ key in key == location.serversKey[0] || root.value(at: key) == after.value(at: key) })
        else { throw Refusal("server \"\(name)\" could not be taken out cleanly; the file was left as it was") }
        return result
    }
}
