import Testing
@testable import ApprovalClient

/// The error parsing `text` as `t.toml` throws (fails the test when it parses).
private func failure(_ text: String) -> TOMLError? {
    do {
        _ = try TOMLDocument(parsing: text, file: "t.toml")
        Issue.record("expected a TOML error for: \(text)")
        return nil
    } catch {
        return error
    }
}

@Suite struct TOMLErrorTests {
    @Test func descriptionReadsLikeACompilerDiagnostic() {
        let error = failure("a = 1\n\n# x\n\n\n\ntheme  \"dark\"")
        #expect(error?.description == #"t.toml:7:8: expected '=' after key "theme", found '"'"#)
        let withoutFile = TOMLError(file: nil, line: 3, column: 2, message: "m")
        #expect(withoutFile.description == "line 3, column 2: m")
        #expect(TOMLError(file: "f", line: 3, message: "m").description == "f:3: m")
    }

    @Test(arguments: [
        // (text, line, column, message fragment)
        ("a = 1\na = 2", 2, 1, #"duplicate key "a" (first defined on line 1)"#),
        ("[t]\nx = 1\n[t]", 3, 2, "table [t] is defined twice (first by a header on line 1)"),
        ("a.b = 1\n[a]", 2, 2, "table [a] is defined twice (first with dotted keys on line 1)"),
        ("[t]\n[[t]]", 2, 3, "[[t]] conflicts with the table [t] defined on line 1"),
        ("[[t]]\n[t]", 2, 2, "[t] conflicts with the array of tables [[t]] defined on line 1"),
        ("t = [1]\n[[t]]", 2, 3, #"cannot append to "t" with [[t]]: it is an array defined on line 1"#),
        ("t = {a = 1}\n[t]", 2, 2, "table [t] is defined twice (first as an inline table on line 1)"),
        ("t = {a = 1}\nt.b = 2", 2, 1, #"cannot add keys to the inline table "t" (line 1)"#),
        ("t = {a = 1}\n[t.sub]", 2, 2, #"cannot add keys to the inline table "t" (line 1)"#),
        ("[a.b]\nx = 1\n[a]\nb.y = 2", 4, 1, "table [a.b] was defined by a header on line 1; add keys under that header"),
        ("a = 1\na.b = 2", 2, 1, #"key "a" already holds an integer (line 1); it cannot also be a table"#),
        ("a = 1\n[a]", 2, 2, #"key "a" already holds an integer (line 1); it cannot also be a table"#),
        ("x = \"abc\ny = 1", 1, 9, "unterminated string started at column 5"),
        ("x = 'abc", 1, 9, "unterminated string started at column 5"),
        ("\n\nx = \"\"\"abc\n", 3, 5, "unterminated multi-line string started on line 3"),
        ("x = '''abc", 1, 5, "unterminated multi-line string started on line 1"),
        ("x = [1,\n2", 1, 5, "unterminated array started on line 1"),
        ("x = [1 2]", 1, 8, "expected ',' or ']' in the array started on line 1, found '2'"),
        (#"x = "a\qb""#, 1, 7, #"invalid escape \q in a string"#),
        (#"x = "\u12""#, 1, 6, "\\u needs exactly 4 hex digits"),
        (#"x = "\uD800""#, 1, 6, "\\uD800 is not a valid Unicode scalar"),
        ("x = \"a\u{01}b\"", 1, 7, "control character U+0001 must be escaped in a string"),
        ("d = 1979-05-27", 1, 5, #"dates and times are not supported; write "1979-05-27" as a quoted string"#),
        ("t = 07:32:00", 1, 5, "dates and times are not supported"),
        ("theme = default", 1, 9, #"invalid value default; strings must be quoted: "default""#),
        ("n = 0123", 1, 5, "invalid number 0123: leading zeros are not allowed"),
        ("n = 1__000", 1, 5, "invalid number 1__000"),
        ("n = _1", 1, 5, "invalid value _1"),
        ("n = 1_", 1, 5, "invalid number 1_"),
        ("n = 1.", 1, 5, "invalid number 1.: a '.' must have digits on both sides"),
        ("n = 1e", 1, 5, "invalid number 1e: bad exponent"),
        ("n = 99999999999999999999", 1, 5, "integer 99999999999999999999 is too large"),
        ("n = 0xZZ", 1, 5, "invalid or too large integer 0xZZ"),
        ("b = True", 1, 5, "invalid value True; strings must be quoted"),
        ("t = { a = 1, }", 1, 14, "a trailing comma is not allowed in an inline table"),
        ("t = { a = 1,\n b = 2 }", 1, 13, "an inline table must end on the line it starts; use a [t] table"),
        ("t = { a = 1 b = 2 }", 1, 13, "expected ',' or '}' in the inline table, found 'b'"),
        ("t = { a = 1, a = 2 }", 1, 14, #"duplicate key "a" (first defined on line 1)"#),
        ("a = 1 b = 2", 1, 7, "unexpected 'b' after the value of \"a\"; each key and header needs its own line"),
        ("[t] x = 1", 1, 5, "unexpected 'x' after the table header"),
        ("[t\nx = 1", 1, 3, "expected ']' to close the header [t, found the end of the line"),
        ("[[t]\n", 1, 4, "expected ']]' to close the header [[t, found ']'"),
        ("[]", 1, 2, "expected a key, found ']'"),
        ("a. = 1", 1, 4, "expected a key after '.', found '='"),
        ("= 1", 1, 1, "expected a key, found '='"),
        ("a = ", 1, 5, #"expected a value for "a", found the end of the file"#),
        ("a = # nothing", 1, 5, #"expected a value for "a", found '#'"#),
        ("x.y = [1, ,]", 1, 11, #"expected a value for "x.y", found ','"#),
        ("\"\"\"k\"\"\" = 1", 1, 1, "a key cannot be a multi-line string"),
        ("a = 1 # bell \u{07}", 1, 14, "control character U+0007 is not allowed in a comment"),
        ("a = 1\rb = 2", 1, 6, "unexpected a carriage return after the value"),
    ] as [(String, Int, Int, String)])
    func errorsNameLineAndColumn(text: String, line: Int, column: Int, message: String) {
        guard let error = failure(text) else { return }
        #expect(error.file == "t.toml")
        #expect(error.line == line, "\(error)")
        #expect(error.column == column, "\(error)")
        #expect(error.message.contains(message), "\(error)")
    }
}
