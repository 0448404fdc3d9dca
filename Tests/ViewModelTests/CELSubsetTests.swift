import ApprovalModel
import Foundation
import Testing

/// The CEL a rule is written in: what ``CELText`` writes reads back as exactly the value it came
/// from, and ``CELCondition`` gives standard CEL's answer or refuses, with where.
@Suite struct CELSubsetTests {
    private func context(_ args: JSONValue, user: String? = "u-1") -> CELContext {
        CELContext(args: args, toolName: "deploy", userID: user, accountID: "acct")
    }

    private func evaluate(_ text: String, _ args: JSONValue = [:]) throws -> CELResult {
        try CELCondition(text).matches(context(args))
    }

    static let hostileValues: [JSONValue] = [
        "", "a\"b", "back\\slash", "\\\"", "line\nbreak", "cr\r\nlf", "tab\tend", "nul\u{0}after", "\u{1B}[2J\u{1B}]0;t\u{07}",
        "del\u{7F}", "c1\u{85}\u{9B}", "\u{2028}\u{2029}", "\u{202E}gnp.exe", "zero\u{200B}width", "🚀 beyond BMP 𝄞",
        "\u{E9}", "e\u{301}", "a\" || true || \"b", "\" + \"", "${x}", "'single'",
        .integer(.max), .integer(-42), .integer(0), .number(0.1), .number(-0.0), .number(1e15 + 0.5), .number(5e-324), .number(2.5),
        true, false, .null, [1, "two", [3.5, nil]], ["nested": ["k": "v", "é": 1, "e\u{301}": 2]], [:], [],
    ]

    @Test(arguments: hostileValues)
    func everyValueRoundTripsAndNothingElseMatches(value: JSONValue) throws {
        let text = try CELText.equalities([(path: ["v"], value: value)], toolName: nil, userID: nil)
        #expect(text.utf8.allSatisfy { (0x20...0x7E).contains($0) }, "not printable ASCII: \(text)")
        #expect(try evaluate(text, ["v": value]) == .matched, "\(text)")
        let other: JSONValue = value == "x" ? "y" : "x"
        #expect(try evaluate(text, ["v": other]) == .notMatched)
        if case .string(let s) = value {
            #expect(try evaluate(text, ["v": .string(s + "!")]) == .notMatched, "one scalar more")
        }
    }

    @Test func precomposedAndDecomposedAreTwoStrings() throws {
        let text = try CELText.equalities([(path: ["v"], value: "caf\u{E9}")], toolName: nil, userID: nil)
        #expect(try evaluate(text, ["v": "cafe\u{301}"]) == .notMatched)
        #expect(try evaluate(#"args["\u00e9"] == 1"#, ["\u{E9}": 1]) == .matched)
        #expect(try evaluate(#"has(args.x)"#, ["x": 1]) == .matched)
    }

    @Test func anExactArgumentsRuleDoesNotMatchExtraOrMissingKeys() throws {
        let args: JSONValue = ["a": 1, "b": ["c": "d"]]
        let text = try CELText.equalities([(path: [], value: args)], toolName: "deploy", userID: "u-1")
        #expect(text == #"tool_name == "deploy" && user_id == "u-1" && args == {"a": 1, "b": {"c": "d"}}"#)
        #expect(try evaluate(text, args) == .matched)
        #expect(try evaluate(text, ["a": 1, "b": ["c": "d"], "extra": true]) == .notMatched)
        #expect(try evaluate(text, ["a": 1]) == .notMatched)
        #expect(try CELCondition(text).matches(context(args, user: "u-2")) == .notMatched)
        #expect(try CELCondition(text).matches(context(args, user: nil)) == .error("user_id is not known for this call"))
    }

    @Test func keysThatAreNotIdentifiersAreIndexed() throws {
        #expect(CELText.path(["env", "a b", "in", "_x1", "1st", "é"]) == #"args.env["a b"]["in"]._x1["1st"]["\u00E9"]"#)
        #expect(try evaluate(CELText.path(["a b"]) + " == 1", ["a b": 1]) == .matched)
    }

    @Test func numbersNoRuleCanMatchExactlyAreRefused() {
        #expect(throws: CELTextError.inexactNumber) { try CELText.literal(.number(9_007_199_254_740_993)) }
        #expect(throws: CELTextError.inexactNumber) { try CELText.literal(.number(1e20)) }
        #expect(throws: CELTextError.inexactNumber) { try CELText.literal(.number(1e300)) }
        #expect(throws: CELTextError.inexactNumber) { try CELText.literal(.integer(.min)) }
        #expect(throws: CELTextError.notFinite) { try CELText.literal(.number(.nan)) }
        #expect(throws: CELTextError.notFinite) { try CELText.literal(.number(.infinity)) }
        #expect((try? CELText.literal(.number(2))) == "2.0", "a double stays a double")
    }

    @Test(arguments: [
        ("1 == 1.0", CELResult.matched), ("1 == 1u", .matched), ("1u == 1.0", .matched), ("-1 == 18446744073709551615u", .notMatched),
        (#""1" == 1"#, .notMatched), ("null == null", .matched), ("null == false", .notMatched), ("0.0 == -0.0", .matched),
        ("9223372036854775807 == 9223372036854775807.0", .notMatched), ("-9223372036854775808 == -9223372036854775808.0", .matched),
        ("args.missing == 1", .error("no such key: missing")), ("has(args.missing)", .notMatched),
        ("false && args.missing == 1", .notMatched), ("args.missing == 1 && false", .notMatched),
        ("true || args.missing == 1", .matched), ("args.missing == 1 || true", .matched),
        ("args.missing == 1 || false", .error("no such key: missing")),
        ("args.env", .error("the condition does not give true or false")), ("!args.flag", .notMatched), ("!(args.a == 1)", .notMatched),
        (#"args.env in ["dev", "prod"]"#, .matched), (#"args.env in ["dev"]"#, .notMatched), (#""env" in args"#, .matched),
        (#"args["odd key"] == 2"#, .matched), (#"args.list[1] == "b""#, .matched), ("args.list[5] == 1", .error("index out of range")),
        (#"tool_name == "deploy" && user_id == "u-1" && account_id == "acct""#, .matched), (#"tool_name != "deploy""#, .notMatched),
        (#"args.nested == {"k": [1, 2.5, null]}"#, .matched), (#"args.nested == {"k": [1, 2.5]}"#, .notMatched),
        (#"args.env == 'prod' && args.env != "dev""#, .matched), (#"args.s == "\x41\101\u0041\U00000041\n""#, .matched),
        ("args.n == 0x10", .matched), ("args.n == 16u", .matched), ("args.n == 1.6e1", .matched), ("args.d == .5", .matched),
        ("[1, 2,] == [1, 2]", .matched), ("args.env.x == 1", .error("no field .x on a value that is not a map")),
    ] as [(String, CELResult)])
    func semanticsAreStandardCEL(text: String, expected: CELResult) throws {
        let args: JSONValue = [
            "env": "prod", "flag": true, "a": 1, "odd key": 2, "list": ["a", "b"], "nested": ["k": [1, 2.5, nil]],
            "s": "AAAA\n", "n": 16, "d": 0.5,
        ]
        #expect(try evaluate(text, args) == expected, "\(text)")
    }

    @Test(arguments: [
        ("foo == 1", 0, "unknown name 'foo'"), ("size(args) == 1", 0, "function 'size'"), ("args.a.size() == 1", 11, "method calls"),
        ("args.a == 1 garbage", 12, "unexpected text"), (#"args.a == "open"#, 10, "unterminated string"),
        ("args.a == \"a\nb\"", 12, "line break"), (#"args.a == "\q""#, 11, "bad escape"), (#"args.a == "\uD800""#, 11, "no surrogates"),
        (#"{"k": 1, "k": 2} == args"#, 9, "appears twice"), ("args.a == 9223372036854775808", 10, "out of range"),
        ("args.a < 1", 7, "operator '<'"), ("args.a == 1 + 1", 12, "unexpected text"), ("args.a == -args.b", 11, "only before a number"),
        (#"args.a == r"raw""#, 10, "raw and bytes"), (#"args.a == """x""""#, 10, "triple-quoted"),
        ("args.a == 1 // note", 12, "comments"), ("{1: 2} == args", 1, "map keys"), ("has(args)", 0, "field selection"),
        ("", 0, "ends where a value was expected"), ("args.a ==", 9, "ends where a value was expected"),
    ] as [(String, Int, String)])
    func everythingOutsideTheSubsetIsRefusedWithWhere(text: String, offset: Int, message: String) {
        do {
            _ = try CELCondition(text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
            #expect(error.message.contains(message), "\(text): \(error)")
        }
    }

    @Test func hostileSizesAreRefusedWithoutExhaustingTheStack() throws {
        for deep in [String(repeating: "(", count: 100_000), String(repeating: "!", count: 100_000) + "true",
                     String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + " == []"] {
            #expect(throws: CELParseError.self) { try CELCondition(String(deep.prefix(8192))) }
        }
        #expect(throws: CELParseError.self) { try CELCondition(String(repeating: "(", count: 65) + "true" + String(repeating: ")", count: 65)) }
        #expect((try? CELCondition(String(repeating: "(", count: 60) + "true" + String(repeating: ")", count: 60))) != nil)
        let long = "args.a == \"" + String(repeating: "x", count: 8200) + "\""
        #expect(throws: CELParseError(offset: 8192, message: "a condition has at most 8192 bytes, not \(long.utf8.count)")) {
            try CELCondition(long)
        }
        // Chains grow the tree without nesting brackets; evaluation recurses per level, so the
        // height is capped too (a 2,400-link chain crashed the evaluator before).
        for chain in ["args" + String(repeating: ".a", count: 2400), "args" + String(repeating: "[0]", count: 2000),
                      Array(repeating: "true", count: 1300).joined(separator: " && "),
                      Array(repeating: "false", count: 1300).joined(separator: " || ")] {
            #expect(throws: CELParseError.self) { try CELCondition(chain) }
        }
        let tall = "args" + String(repeating: ".a", count: 254) + " == 1"
        #expect((try? CELCondition(tall)) != nil, "a 256-level tree is still read")
        var nested: JSONValue = 1
        for _ in 0..<254 { nested = ["a": nested] }
        #expect(try CELCondition(tall).matches(context(nested)) == .matched)
        #expect(throws: CELParseError.self) { try CELCondition("args" + String(repeating: ".a", count: 255) + " == 1") }
        let many = Array(repeating: "args.a == 1", count: 700).joined(separator: " && ")
        #expect(throws: CELParseError.self) { try CELCondition(many) }
    }
}
