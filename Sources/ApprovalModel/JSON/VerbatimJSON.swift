import Foundation

/// JSON encoding that writes each approval request's `tool_args` as the text the agent sent
/// (``ApprovalRequest/toolArgsText``) instead of re-encoding the decoded value, so integers past
/// 2^63, keys in the order sent, and keys that differ only in normalisation reach the reader
/// unchanged. Every other field goes through `JSONEncoder` as usual.
///
/// While encoding, a request writes a one-off placeholder string; the placeholders are then
/// replaced by the stored texts. A placeholder holds a fresh random nonce, so no field's content
/// can imitate one.
public enum VerbatimJSON {
    public static func encode<T: Encodable>(_ value: T, with encoder: JSONEncoder) throws -> Data {
        let splices = Splices()
        encoder.userInfo[Splices.key] = splices
        defer { encoder.userInfo[Splices.key] = nil }
        let data = try encoder.encode(value)
        guard !splices.texts.isEmpty else { return data }
        return splices.apply(to: data)
    }

    /// The texts to splice in, collected while one value is encoded (on the encoding thread only).
    final class Splices: @unchecked Sendable {
        static let key = CodingUserInfoKey(rawValue: "approval-tui.verbatim-json")!
        let nonce = UUID().uuidString
        var texts: [String] = []

        func placeholder(_ index: Int) -> String { "verbatim-json:\(nonce):\(index)" }

        /// `data` with each quoted placeholder replaced by its text, in one pass.
        func apply(to data: Data) -> Data {
            let marker = Array("\"verbatim-json:\(nonce):".utf8)
            let bytes = Array(data)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + texts.reduce(0) { $0 + $1.utf8.count })
            var index = 0
            while index < bytes.count {
                if bytes[index] == marker[0], index + marker.count <= bytes.count,
                    bytes[index..<index + marker.count].elementsEqual(marker)
                {
                    var end = index + marker.count
                    var number = 0
                    while end < bytes.count, (0x30...0x39).contains(bytes[end]) {
                        number = number * 10 + Int(bytes[end] - 0x30)
                        end += 1
                    }
                    if end < bytes.count, bytes[end] == UInt8(ascii: "\""), number < texts.count {
                        out.append(contentsOf: texts[number].utf8)
                        index = end + 1
                        continue
                    }
                }
                out.append(bytes[index])
                index += 1
            }
            return Data(out)
        }

        /// Registers `raw` and returns the placeholder to encode in its place.
        func add(_ raw: String) -> String {
            texts.append(raw)
            return placeholder(texts.count - 1)
        }
    }

    /// The placeholder `encoder` should write for `raw`, or nil when not encoding through `encode`.
    static func placeholder(for raw: String, in encoder: Encoder) -> String? {
        (encoder.userInfo[Splices.key] as? Splices)?.add(raw)
    }
}

extension ApprovalRequest {
    /// `requests` decoded from `body`, each with ``toolArgsText`` set to its `tool_args` exactly
    /// as the body holds it. `body` is the JSON of one request or an array of them; when it cannot
    /// be read strictly (a server sending duplicate keys is tolerated here), the texts stay nil.
    public static func withArgumentsText(_ requests: [ApprovalRequest], body: Data) -> [ApprovalRequest] {
        let bytes = Array(body)
        guard let root = try? StrictJSON.parse(bytes, allowsDuplicateKeys: true) else { return requests }
        let nodes: [JSONNode]
        switch root.kind {
        case .array(let items): nodes = items
        case .object: nodes = [root]
        default: return requests
        }
        guard nodes.count == requests.count else { return requests }
        return zip(requests, nodes).map { request, node in
            var copy = request
            if let args = node.member("tool_args"), case .object = args.kind {
                copy.toolArgsText = String(decoding: bytes[args.range], as: UTF8.self)
                copy.toolArgs = args.value
            }
            return copy
        }
    }

    /// The arguments as indented JSON for a person: from the text as sent when there is one
    /// (numbers as written, keys in the order sent), else from the decoded value.
    public var argumentsPrettyText: String {
        if let toolArgsText, let node = try? StrictJSON.parse(Array(toolArgsText.utf8), allowsDuplicateKeys: true) {
            return node.prettyPrinted()
        }
        return toolArgs.prettyPrinted()
    }
}

extension JSONNode {
    /// Indented JSON with members in the order sent and numbers as written. Strings are
    /// re-escaped as ``JSONValue/quoted(_:)`` does; the result is still untrusted text.
    public func prettyPrinted(indent: String = "  ") -> String {
        var out = ""
        write(into: &out, level: 0, indent: indent)
        return out
    }

    private func write(into out: inout String, level: Int, indent: String) {
        let pad = String(repeating: indent, count: level + 1)
        let closePad = String(repeating: indent, count: level)
        switch kind {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let literal): out += literal
        case .string(let text): out += JSONValue.quoted(text)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += pad
                item.write(into: &out, level: level + 1, indent: indent)
                out += index < items.count - 1 ? ",\n" : "\n"
            }
            out += closePad + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (index, member) in members.enumerated() {
                out += pad + JSONValue.quoted(member.key) + ": "
                member.value.write(into: &out, level: level + 1, indent: indent)
                out += index < members.count - 1 ? ",\n" : "\n"
            }
            out += closePad + "}"
        }
    }
}
