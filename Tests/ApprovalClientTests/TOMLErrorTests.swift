import TOMLSupport
import Testing
@testable import ApprovalClient
@testable import ApprovalModel

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
        #expect(error?.description == #"t.toml:7:8: Error while parsing key-value pair: expected '=', saw '"'"#)
        let withoutFile = TOMLError(file: nil, line: 3, column: 2, message: "m")
        #expect(withoutFile.description == "line 3, column 2: m")
        #expect(TOMLError(file: "f", line: 3, message: "m").description == "f:3: m")
    }

    @Test(arguments: [
        // (text, line, column, message fragment): positions are TOMLKit's, mapped to
        // 1-based line and column; dates are refused by us at the key.
        ("a = 1\na = 2", 2, 5, "cannot redefine existing integer 'a'"),
        ("[t]\nx = 1\n[t]", 3, 1, "cannot redefine existing table 't'"),
        ("a.b = 1\n[a]", 2, 1, "cannot redefine existing table 'a'"),
        ("[t]\n[[t]]", 2, 1, "cannot redefine existing table 't' as array-of-tables"),
        ("[[t]]\n[t]", 2, 1, "cannot redefine existing array 't' as table"),
        ("t = [1]\n[[t]]", 2, 1, "cannot redefine existing array 't' as array-of-tables"),
        ("t = {a = 1}\n[t]", 2, 1, "cannot redefine existing table 't'"),
        ("t = {a = 1}\nt.b = 2", 2, 1, "cannot redefine existing table as dotted key-value pair"),
        ("t = {a = 1}\n[t.sub]", 2, 8, "cannot insert 't.sub' into existing inline table"),
        ("[a.b]\nx = 1\n[a]\nb.y = 2", 4, 1, "cannot redefine existing table as dotted key-value pair"),
        ("a = 1\na.b = 2", 2, 1, "cannot redefine existing integer as dotted key-value pair"),
        ("a = 1\n[a]", 2, 1, "cannot redefine existing integer 'a' as table"),
        ("x = \"abc\ny = 1", 1, 9, "unescaped control characters other than TAB (U+0009) are explicitly prohibited"),
        ("x = 'abc", 1, 9, "encountered end-of-file"),
        ("\n\nx = \"\"\"abc\n", 3, 12, "encountered end-of-file"),
        ("x = '''abc", 1, 11, "encountered end-of-file"),
        ("x = [1,\n2", 2, 2, "encountered end-of-file"),
        ("x = [1 2]", 1, 8, "expected comma or closing ']', saw '2'"),
        (#"x = "a\qb""#, 1, 8, "unknown escape sequence '\\q'"),
        (#"x = "\u12""#, 1, 10, "expected hex digit, saw '\"'"),
        (#"x = "\uD800""#, 1, 12, "unicode surrogates (U+D800 - U+DFFF) are explicitly prohibited"),
        ("x = \"a\u{01}b\"", 1, 7, "unescaped control characters other than TAB (U+0009) are explicitly prohibited"),
        ("d = 1979-05-27", 1, 1, "\"d\" is a date; dates and times are not supported here"),
        ("t = 07:32:00", 1, 1, "\"t\" is a time; dates and times are not supported here"),
        ("theme = default", 1, 9, "could not determine value type"),
        ("n = 0123", 1, 9, "leading zeroes are prohibited"),
        ("n = 1__000", 1, 7, "underscores may only follow digits"),
        ("n = _1", 1, 5, "values may not begin with underscores"),
        ("n = 1_", 1, 6, "expected a comment or whitespace, saw '_'"),
        ("n = 1.", 1, 7, "encountered end-of-file"),
        ("n = 1e", 1, 7, "encountered end-of-file"),
        ("n = 99999999999999999999", 1, 25, "'99999999999999999999' is not representable in 64 bits"),
        ("n = 0xZZ", 1, 7, "expected digit, saw 'Z'"),
        ("b = True", 1, 5, "expected 'true', saw 'T'"),
        ("t = { a = 1, }", 1, 14, "expected key-value pair, saw closing '}' (dangling comma)"),
        ("t = { a = 1,\n b = 2 }", 1, 13, "expected key or closing '}', saw '\\n'"),
        ("t = { a = 1 b = 2 }", 1, 13, "expected comma or closing '}', saw 'b'"),
        ("t = { a = 1, a = 2 }", 1, 18, "cannot redefine existing integer 'a'"),
        ("a = 1 b = 2", 1, 7, "expected a comment or whitespace, saw 'b'"),
        ("[t] x = 1", 1, 5, "expected a comment or whitespace, saw 'x'"),
        ("[t\nx = 1", 1, 3, "expected ']', saw '\\n'"),
        ("[[t]\n", 1, 5, "expected ']', saw '\\n'"),
        ("[]", 1, 2, "tables with blank bare keys are explicitly prohibited"),
        ("a. = 1", 1, 4, "expected bare key starting character or string delimiter, saw '='"),
        ("= 1", 1, 1, "expected keys, tables, whitespace or comments, saw '='"),
        ("a = ", 1, 5, "encountered end-of-file"),
        ("a = # nothing", 1, 5, "expected value, saw '#'"),
        ("x.y = [1, ,]", 1, 11, "expected value or closing ']', saw comma"),
        ("\"\"\"k\"\"\" = 1", 1, 1, "multi-line strings are prohibited in keys"),
        ("a = 1 # bell \u{07}", 1, 14, "control characters other than TAB (U+0009) are explicitly prohibited in comments"),
        ("a = 1\rb = 2", 1, 7, "expected '\\n' after '\\r', saw 'b'"),
    ] as [(String, Int, Int, String)])
    func errorsNameLineAndColumn(text: String, line: Int, column: Int, message: String) {
        guard let error = failure(text) else { return }
        #expect(error.file == "t.toml")
        #expect(error.line == line, "\(error)")
        #expect(error.column == column, "\(error)")
        #expect(error.message.contains(message), "\(error)")
    }
}
