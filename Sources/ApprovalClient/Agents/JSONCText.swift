/// JSON with comments (`//`, `/* */`) and trailing commas, as VS Code, Gemini CLI and OpenCode
/// allow in their settings, made strict JSON for ``StrictJSON`` by blanking what is not JSON.
///
/// Every removed byte becomes a space (newlines stay), so offsets into the result are offsets
/// into the file as written: an edit found on the strict text applies to the original.
public enum JSONCText {
    public struct Unterminated: Error, Equatable, Sendable {
        /// Byte offset of the comment or string that never ends.
        public var offset: Int
    }

    public static func strict(_ bytes: [UInt8]) throws(Unterminated) -> [UInt8] {
        var out = bytes
        var index = 0
        /// Where the last comma outside a string is, while only blanks and comments follow it.
        var pendingComma: Int?
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let start = index
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard index < bytes.count else { throw Unterminated(offset: start) }
                pendingComma = nil
                index += 1
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
                    out[index] = UInt8(ascii: " ")
                    index += 1
                }
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                let start = index
                out[index] = UInt8(ascii: " ")
                out[index + 1] = UInt8(ascii: " ")
                index += 2
                while index < bytes.count, !(bytes[index] == UInt8(ascii: "*") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/")) {
                    if bytes[index] != UInt8(ascii: "\n") { out[index] = UInt8(ascii: " ") }
                    index += 1
                }
                guard index < bytes.count else { throw Unterminated(offset: start) }
                out[index] = UInt8(ascii: " ")
                out[index + 1] = UInt8(ascii: " ")
                index += 2
            case UInt8(ascii: ","):
                pendingComma = index
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if let comma = pendingComma { out[comma] = UInt8(ascii: " ") }
                pendingComma = nil
                index += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                index += 1
            default:
                pendingComma = nil
                index += 1
            }
        }
        return out
    }
}
