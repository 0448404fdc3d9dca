import Testing
@testable import ApprovalClient

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

    @Test(arguments: [
        ("api_url: x\nnot a pair", 2, "expected `key: value`, found no ':'"),
        ("api_url:\n  http://nested", 2, "expected `key: value` at the start of the line; nested values are not supported here"),
        ("\n\naccess_token: \"abc", 3, "cannot read the value of \"access_token\": missing closing \""),
        ("access_token: 'abc", 1, "cannot read the value of \"access_token\": missing closing '"),
        ("access_token: \"a\" b", 1, "cannot read the value of \"access_token\": unexpected text after the closing quote: b"),
        ("access_token: \"\\q\"", 1, "cannot read the value of \"access_token\": unsupported escape \\q"),
        ("api_url: a\napi_url: b", 2, "duplicate key \"api_url\" (first on line 1)"),
        ("api_url: [a, b]", 1, "cannot read the value of \"api_url\": only plain or quoted text is supported, found '['"),
        ("api_url:http://x", 1, "expected a space after \"api_url:\""),
        (": x", 1, "expected a key before ':'"),
    ] as [(String, Int, String)])
    func linesThatCannotBeReadNameFileAndLine(text: String, line: Int, message: String) {
        #expect(failure(text) == .malformedFile(path: "config.yaml", line: line, column: nil, message: message))
    }
}
