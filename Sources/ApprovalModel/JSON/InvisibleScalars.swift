import Foundation

/// Characters that can hide, reorder or drive what a person reads in a terminal: C0 controls,
/// DEL, C1 controls (U+009B is an 8-bit CSI), bidi overrides/isolates/marks, zero-width and
/// other invisible characters, and tag characters. The console shows them as badges; JSON
/// output escapes them; the server refuses them in names.
public enum InvisibleScalars {
    /// Short names of the bidi, zero-width and other invisible characters (badges such as `⟨RLO⟩`).
    public static let names: [UInt32: String] = [
        0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x202D: "LRO", 0x202E: "RLO",
        0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI",
        0x200E: "LRM", 0x200F: "RLM", 0x061C: "ALM",
        0x200B: "ZWSP", 0x200C: "ZWNJ", 0x200D: "ZWJ", 0xFEFF: "BOM", 0x2060: "WJ",
        0x2061: "U+2061", 0x2062: "U+2062", 0x2063: "U+2063", 0x2064: "U+2064",
        0x2028: "LS", 0x2029: "PS", 0x180E: "MVS", 0x034F: "CGJ",
    ]

    /// Whether `scalar` is a control, bidi, invisible or tag character: also every format
    /// character (general category Cf: U+00AD, U+206A, U+FFF9…) and every default-ignorable code
    /// point (variation selectors U+FE0F and U+E0100…, Mongolian U+180B…, Hangul fillers U+3164
    /// and U+115F), which a terminal draws as nothing.
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        if value < 0xA0 { return false }
        if (0xE0000...0xE007F).contains(value) || names[value] != nil { return true }
        let properties = scalar.properties
        return properties.isDefaultIgnorableCodePoint || properties.generalCategory == .format
    }

    /// The first such character of `text` and its scalar offset, if any.
    public static func first(in text: String) -> (scalar: Unicode.Scalar, offset: Int)? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where contains(scalar) { return (scalar, offset) }
        return nil
    }

    /// `text` with every such character written as a JSON escape (`\u009b`; a tag character as
    /// its surrogate pair). For JSON text, where these can only stand inside string literals, the
    /// result is the same JSON value, and nothing in it can drive a terminal. Raw tab and CR can
    /// stand in valid JSON only as whitespace between tokens (an agent's `tool_args` spliced as
    /// sent may hold them): a tab becomes a space and a CR is dropped, which changes no value.
    public static func escapingInJSON(_ text: String) -> String {
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out.append(scalar); continue
            case 0x09: out.append(" "); continue
            case 0x0D: continue
            default: break
            }
            guard contains(scalar) else {
                out.append(scalar)
                continue
            }
            for unit in String(scalar).utf16 {
                out.append(contentsOf: "\\u\(StrictJSON.hex4(UInt32(unit)).lowercased())".unicodeScalars)
            }
        }
        return String(out)
    }

    /// JSON `body` with every such character escaped (``escapingInJSON(_:)``); pure ASCII as it is.
    /// Every JSON answer the server, the MCP gateway and the stdio proxy write goes through this one
    /// function, so none of them can put a C1 control or a bidi override on a terminal.
    public static func terminalSafeJSON(_ body: Data) -> Data {
        if body.allSatisfy({ $0 >= 0x20 && $0 < 0x7F || $0 == 0x0A }) { return body }
        return Data(escapingInJSON(String(decoding: body, as: UTF8.self)).utf8)
    }
}
