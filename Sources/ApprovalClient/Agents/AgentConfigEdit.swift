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
        let parsed: (bytes: [UInt8], root: JSONNode)
        do throws(AgentScan.ReadError) { parsed = try AgentScan.parseJSON(text, location) } catch {
            throw Refusal(error.description)
        }
        guard case .object = parsed.root.kind else { throw Refusal("the file is not a JSON object") }
        return parsed
    }

    private static func connectJSON(_ text: String, _ location: AgentConfigLocation, _ entry: GatewayEntry) throws(Refusal) -> String {
        let (bytes, root) = try parse(text, location)
        var parent = root
        var missing: [String] = []
        for key in location.serversKey {
            if !missing.isEmpty { missing.append(key); continue }
            if let child = parent.lastMember(key) { parent = child } else { missing.append(key) }
        }
        guard case .object(let members) = parent.kind else {
            throw Refusal("\(location.serversKey.joined(separator: ".")) is not an object")
        }
        let value = entry.jsonValue(for: location.agent)
        let memberText: String
        if missing.isEmpty {
            // Already through the gateway, under this name or another: nothing to add.
            if AgentScan.jsonEntriesForEdit(parent).contains(where: { $0.target == .gateway }) { return text }
            if members.contains(where: { Array($0.key.utf8) == Array(entry.name.utf8) }) {
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
            let newline = lineEnding(of: original)
            let separator = spansLines ? "," + newline + indent(ofLineAt: last.value.range.lowerBound, in: bytes) : ", "
            out.insert(contentsOf: Array((separator + member).utf8), at: at)
        } else {
            out.insert(contentsOf: Array(member.utf8), at: object.range.lowerBound + 1)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The file's own line ending: CRLF when it has one, else LF.
    static func lineEnding(of bytes: [UInt8]) -> String {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return "\n" }
        return newline > 0 && bytes[newline - 1] == UInt8(ascii: "\r") ? "\r\n" : "\n"
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
        for key in location.serversKey { node = node?.lastMember(key) }
        guard let servers = node, case .object(let members) = servers.kind,
            let index = members.lastIndex(where: { Array($0.key.utf8) == Array(name.utf8) })
        else { return nil }
        let before = AgentScan.jsonEntriesForEdit(servers)
        guard before.first(where: { $0.name == name })?.target == .gateway else {
            throw Refusal("server \"\(name)\" is not the approval gateway; it was left in place")
        }
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
        for key in location.serversKey { left = left?.lastMember(key) }
        guard let left, AgentScan.jsonEntriesForEdit(left) == before.filter({ $0.name != name }) else {
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
        let servers = root.entry(at: [location.serversKey[0]])?.value.tableValue
        let current = (try? AgentScan.servers(in: text, location)) ?? []
        if current.contains(where: { $0.target == .gateway }) { return text }
        if servers?.entries.contains(where: { $0.key == entry.name }) == true {
            throw Refusal("a server named \"\(entry.name)\" is there already and is not the gateway; rename it or remove it first")
        }
        // Appended as the last table, after a blank line; a file without a final newline keeps
        // having none, so `disconnect` gives back exactly what was there.
        let newline = lineEnding(of: Array(text.utf8))
        let table = ("[\(location.serversKey[0]).\(tomlKey(entry.name))]\n" + entry.tomlBody)
            .replacingOccurrences(of: "\n", with: newline)
        var result = text
        if result.isEmpty {
            result = table
        } else if text.utf8.last == UInt8(ascii: "\n") {
            result += newline + table
        } else {
            result += newline + newline + table.dropLast(newline.count)
        }
        do throws(Refusal) {
            try check(result, location, entry)
            let before = try tomlRoot(text, location), after = try tomlRoot(result, location)
            guard before.entries.allSatisfy({ item in item.key == location.serversKey[0] || item.value == after.entry(at: [item.key])?.value }),
                ((try? AgentScan.servers(in: result, location)) ?? []).filter({ $0.name != entry.name }) == current
            else {
                throw Refusal("other settings would change")
            }
        } catch {
            let reason = error.description.hasSuffix("; nothing was written") ? error.description : error.description + "; nothing was written"
            let inline = text.range(of: #"(?m)^\s*"# + location.serversKey[0] + #"\s*=\s*\{"#, options: .regularExpression) != nil
            throw Refusal("\(location.serversKey[0]) cannot take the gateway's table here\(inline ? " (it is an inline table)" : ""): \(reason)")
        }
        return result
    }

    private static func tomlKey(_ name: String) -> String {
        name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
            ? name : GatewayEntry.tomlString(name)
    }

    private static func disconnectTOML(_ text: String, _ location: AgentConfigLocation, _ name: String) throws(Refusal) -> String? {
        let root = try tomlRoot(text, location)
        guard let servers = root.entry(at: [location.serversKey[0]])?.value.tableValue,
            let entry = servers.entries.first(where: { $0.key == name }), let table = entry.value.tableValue
        else { return nil }
        let before = (try? AgentScan.servers(in: text, location)) ?? []
        guard before.first(where: { $0.name == name })?.target == .gateway else {
            throw Refusal("server \"\(name)\" is not the approval gateway; it was left in place")
        }
        // The table's lines: from its header to the next header (or the end of the file).
        // Split on the byte: to Swift "\r\n" is one character, and no "\n" would be found in it.
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let header = table.line - 1
        guard lines.indices.contains(header), lines[header].trimmingCharacters(in: .whitespaces).hasPrefix("[") else {
            throw Refusal("server \"\(name)\" is written inline in \(location.serversKey[0]); take it out by hand")
        }
        func isBlank(_ line: String) -> Bool { line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        var end = header + 1
        while end < lines.count, !lines[end].trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("[") { end += 1 }
        // The blank line `connect` put before the header goes with it.
        var start = header
        if start > 0, isBlank(lines[start - 1]) { start -= 1 }
        if end < lines.count {
            // Another table follows: the blank lines before it stay, as the separation it had.
            while end > header + 1, isBlank(lines[end - 1]) { end -= 1 }
        } else if text.utf8.last == UInt8(ascii: "\n") {
            end = lines.count - 1  // the last table: the file's final newline stays
        }
        lines.removeSubrange(start..<max(start, end))
        let result = lines.joined(separator: "\n")
        let after = try tomlRoot(result, location)
        // Everything else as it was: the other settings, and every other server, table for table
        // (a multi-line string that looks like a header cannot make one appear or vanish).
        let otherServers = servers.entries.filter { $0.key != name }.map(\.value)
        let leftServers = after.entry(at: [location.serversKey[0]])?.value.tableValue?.entries.map(\.value) ?? []
        guard leftServers == otherServers,
            root.entries.allSatisfy({ item in item.key == location.serversKey[0] || item.value == after.entry(at: [item.key])?.value })
        else { throw Refusal("server \"\(name)\" could not be taken out cleanly; the file was left as it was") }
        return result
    }
}
