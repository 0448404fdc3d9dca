import Testing
@testable import ApprovalClient
@testable import ApprovalModel

@Suite struct PreloopConfigFileTests {
    func parse(_ text: String) throws(ConfigurationError) -> PreloopConfigFile {
        try PreloopConfigFile(parsing: text, path: "config.yaml")
    }

    func failure(_ text: String) -> ConfigurationError? {
        do {
            _ = try parse(text)
            Issue.record("expected an error for: \(text)")
            return nil
        } catch {
            return error
        }
    }

    @Test func readsTheThreeKeysInAnyQuoting() throws {
        let file = try parse("""
            # preloop
            api_url: https://preloop.example:8443/ # trailing comment
            access_token: "a\\"b\\\\c\\u00e9"
            refresh_token: 'it''s # not a comment'
            """)
        #expect(file.apiURL == ConfigSetting("https://preloop.example:8443/", line: 2))
        #expect(file.accessToken == ConfigSetting("a\"b\\cé", line: 3))
        #expect(file.refreshToken == ConfigSetting("it's # not a comment", line: 4))
    }

    @Test func unknownKeysAndTheirNestedLinesAreIgnored() throws {
        let file = try parse("---\r\nuser:\r\n  name: x\r\n  roles:\r\n    - admin\r\nlist:\r\n- a\r\napi_url: http://h\r\n")
        #expect(file.apiURL == ConfigSetting("http://h", line: 8))
        #expect(file.accessToken == nil)
    }

    @Test func nullAndEmptyValuesMeanNoValue() throws {
        let file = try parse("api_url:\naccess_token: null\nrefresh_token: ~\n")
        #expect(file == PreloopConfigFile())
    }

    @Test func validYAMLTheOldLineReaderRefusedIsRead() throws {
        // Flow mappings, block scalars, a document end marker and tokens nested under other keys.
        let flow = try parse("{api_url: \"http://h\", access_token: tok}\n")
        #expect(flow.apiURL?.value == "http://h" && flow.accessToken?.value == "tok")
        let block = try parse("access_token: >-\n  abc\n  def\nprofiles:\n  - {name: x, access_token: other}\n...\n")
        #expect(block.accessToken == ConfigSetting("abc def", line: 1))
        let indented = try parse("api_url:\n  http://nested\n")
        #expect(indented.apiURL == ConfigSetting("http://nested", line: 2))
        #expect(try parse("# nothing but a comment\n") == PreloopConfigFile())
        #expect(try parse("") == PreloopConfigFile())
        // A quoted "null" is text.
        #expect(try parse("access_token: \"null\"").accessToken?.value == "null")
    }

    @Test(arguments: [
        // (text, line, column, message fragment): positions are libyaml's.
        ("api_url: x\nnot a pair", 2, 1, "could not find expected ':' (while scanning a simple key)"),
        ("\n\naccess_token: \"abc", 3, 15, "found unexpected end of stream (while scanning a quoted scalar)"),
        ("access_token: 'abc", 1, 15, "found unexpected end of stream (while scanning a quoted scalar)"),
        ("access_token: \"a\" b", 1, 19, "did not find expected key"),
        ("access_token: \"\\q\"", 1, 15, "found unknown escape character (while parsing a quoted scalar)"),
        ("api_url: a\napi_url: b", 1, 1, "duplicate key \"api_url\""),
        ("api_url: [a, b]", 1, 10, "\"api_url\" must be text, found a list"),
        ("access_token: {a: 1}", 1, 15, "\"access_token\" must be text, found a mapping"),
        ("- a\n- b\n", 1, 1, "expected `key: value` pairs at the top level, found a list"),
        ("api_url: a\n---\napi_url: b\n", 2, 1, "but found another document"),
        // Hostile: a NUL or an escape sequence in a token would be sent in a header or shown.
        ("access_token: \"abc\\0def\"", 1, 15, "\"access_token\" holds the control character U+0000"),
        ("access_token: \"abc\\x1b[2Jdef\"", 1, 15, "\"access_token\" holds the control character U+001B"),
        ("refresh_token: \"a\\nb\"", 1, 16, "\"refresh_token\" holds the control character U+000A"),
        ("access_token: abc\u{0}def", 1, 18, "control characters are not allowed"),
    ] as [(String, Int, Int, String)])
    func filesThatCannotBeReadNameFileLineAndColumn(text: String, line: Int, column: Int, message: String) {
        guard case .malformedFile(let path, let errorLine, let errorColumn, let errorMessage)? = failure(text) else {
            Issue.record("expected a malformed-file error for \(text)")
            return
        }
        #expect(path == "config.yaml")
        #expect(errorLine == line, "\(errorMessage)")
        #expect(errorColumn == column, "\(errorMessage)")
        #expect(errorMessage.contains(message), "\(errorMessage)")
    }

    @Test func aHugeFileOfUnknownKeysIsReadWithoutTrouble() throws {
        let noise = (0..<20_000).map { "key\($0): value \($0)" }.joined(separator: "\n")
        #expect(try parse(noise + "\napi_url: http://last\n").apiURL == ConfigSetting("http://last", line: 20_001))
    }
}
