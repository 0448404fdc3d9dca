import ApprovalClient
import ApprovalModel
import Foundation
import Testing

/// Issue 12, finding 2: the strict reader keeps what was sent and refuses what is ambiguous.
@Suite struct StrictJSONTests {
    static func parse(_ text: String) throws(StrictJSONError) -> JSONNode { try StrictJSON.parse(Array(text.utf8)) }

    @Test func numbersKeysAndOrderAreKeptAsSent() throws {
        let node = try Self.parse(#"{"z": 9223372036854775808, "é": -0, "e\u0301": 1.50e+3, "a": [18446744073709551616]}"#)
        guard case .object(let members) = node.kind else { Issue.record("not an object"); return }
        #expect(members.map { Array($0.key.unicodeScalars.map(\.value)) } == [[0x7A], [0xE9], [0x65, 0x301], [0x61]])
        #expect(node.member("z")?.kind == .number("9223372036854775808"))
        #expect(node.member("e\u{301}")?.kind == .number("1.50e+3"))
        #expect(node.member("é")?.kind == .number("-0"))
        guard case .array(let items)? = node.member("a")?.kind else { Issue.record("no array"); return }
        #expect(items.map(\.kind) == [.number("18446744073709551616")])
    }

    @Test func rangesPointAtTheBytesSent() throws {
        let text = #"{"tool_args" : { "b":1,"a" :[ 2 ] } }"#
        let bytes = Array(text.utf8)
        let node = try StrictJSON.parse(bytes)
        let args = try #require(node.member("tool_args"))
        #expect(String(decoding: bytes[args.range], as: UTF8.self) == #"{ "b":1,"a" :[ 2 ] }"#)
    }

    @Test(arguments: [
        (#"{"a": 1, "a": 2}"#, "duplicate key"),
        (#"{"x": {"k": [{"d": 1, "d": 1}]}}"#, "duplicate key"),
        (#"{"s": "\ud800"}"#, "lone surrogate"),
        (#"{"s": "\udc00"}"#, "lone surrogate"),
        (#"{"s": "\ud800\u0041"}"#, "lone surrogate"),
        ("{\"s\": \"a\u{1B}b\"}", "raw control"),
        ("{\"s\": \"a\u{0}b\"}", "raw control"),
        (#"{"a": 1} x"#, "after the JSON value"),
        (#"{"a": 01}"#, "expected ',' or '}'"),
        (#"{"a": 1.}"#, "digit"),
        (#"{"a": "\x"}"#, "invalid escape"),
        (#"{"a": tru}"#, "expected a value"),
        ("", "end of the text"),
    ])
    func ambiguousOrInvalidTextIsRefusedSayingWhy(text: String, reason: String) {
        #expect {
            try Self.parse(text)
        } throws: { error in
            (error as? StrictJSONError)?.description.contains(reason) == true
        }
    }

    @Test func duplicateKeysAreReportedWithTheirPath() {
        #expect {
            try Self.parse(#"{"tool_args": {"env": "staging", "env": "prod"}}"#)
        } throws: { error in
            (error as? StrictJSONError)?.description.contains("at tool_args") == true
        }
    }

    @Test func invalidUTF8AndDeepNestingAreRefused() {
        #expect(throws: StrictJSONError.self) { try StrictJSON.parse([0x22, 0xC3, 0x28, 0x22]) }
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: StrictJSONError.self) { try Self.parse(deep) }
        #expect(throws: Never.self) { try Self.parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)) }
    }

    @Test func escapedNulAndPairsDecode() throws {
        #expect(try Self.parse(#""a\u0000b\ud83d\ude00""#).kind == .string("a\u{0}b😀"))
    }

    @Test func duplicatesCanBeToleratedWhenReadingAServersAnswer() throws {
        let node = try StrictJSON.parse(Array(#"{"a": 1, "a": 2}"#.utf8), allowsDuplicateKeys: true)
        #expect(node.member("a")?.kind == .number("1"))
    }
}

/// Issue 12, finding 3: JSON for scripts escapes what could drive a terminal, and stays the same JSON.
@Suite struct InvisibleScalarsTests {
    @Test func jsonOutputEscapesC1BidiZeroWidthAndTagsLosslessly() throws {
        let value = "a\u{9B}31m\u{202E}b\u{200B}c\u{E0041}\u{85}\u{2028}é"
        let encoded = String(decoding: try JSONEncoder().encode(["k": value]), as: UTF8.self)
        let escaped = InvisibleScalars.escapingInJSON(encoded)
        #expect(!escaped.unicodeScalars.contains { InvisibleScalars.contains($0) })
        #expect(escaped.contains("\\u009b") && escaped.contains("\\u202e") && escaped.contains("\\udb40\\udc41"))
        #expect(escaped.contains("é"))
        let back = try JSONDecoder().decode([String: String].self, from: Data(escaped.utf8))
        #expect(back["k"].map { Array($0.unicodeScalars) } == Array(value.unicodeScalars))
    }

    /// Attack finding 3: a raw CR between tokens (an agent's `tool_args` spliced as sent)
    /// rewrote the line on the terminal; now tabs become spaces and CRs go, the value unchanged.
    @Test func whitespaceBetweenTokensCannotMoveTheCursor() throws {
        let text = "{\n\t\"a\":\r\r 1\r\n}"
        let escaped = InvisibleScalars.escapingInJSON(text)
        #expect(escaped == "{\n \"a\": 1\n}")
        #expect(try StrictJSON.parse(Array(escaped.utf8)).value == StrictJSON.parse(Array(text.utf8)).value)
    }
}
