import TOMLSupport
import Testing
@testable import ApprovalClient
@testable import ApprovalModel

@Suite struct TOMLTableTests {
    let root: TOMLTable

    init() throws {
        root = try TOMLDocument(parsing: """
            name = "work"
            count = 3
            ratio = 2
            on = true

            [profile]
            server = 8600
            tools = ["a", 1]

            [[policy]]
            tools = ["deploy*"]
            """, file: "config.toml").root
    }

    @Test func typedAccessorsReturnValuesOfTheirType() throws {
        #expect(try root.string(at: "name") == "work")
        #expect(try root.int(at: "count") == 3)
        #expect(try root.bool(at: "on") == true)
        #expect(try root.table(at: "profile")?.keys == ["server", "tools"])
        #expect(try root.arrayOfTables(at: "policy")?.first?.strings(at: "tools") == ["deploy*"])
        #expect(try root.array(at: "profile.tools") == [.string("a"), .integer(1)])
    }

    @Test func doubleAcceptsAnIntegerAsWellAsAFloat() throws {
        #expect(try root.double(at: "ratio") == 2.0)
    }

    @Test func missingKeysGiveNil() throws {
        #expect(try root.string(at: "nope") == nil)
        #expect(try root.string(at: "profile.nope") == nil)
        #expect(try root.string(at: "name.deeper") == nil)
        #expect(root.value(at: "") == nil)
    }

    @Test func aWrongTypeNamesFileLineAndBothTypes() {
        #expect(throws: TOMLError(
            file: "config.toml", line: 7, column: 1,
            message: #""profile.server" must be a string, found an integer"#)
        ) { try root.string(at: "profile.server") }
        #expect(throws: TOMLError(
            file: "config.toml", line: 8, column: 1,
            message: #""profile.tools" must be an array of strings, found an array"#)
        ) { try root.strings(at: "profile.tools") }
        #expect(throws: TOMLError(
            file: "config.toml", line: 1, column: 1, message: #""name" must be an integer, found a string"#)
        ) { try root.int(at: "name") }
        #expect(throws: TOMLError.self) { try root.arrayOfTables(at: "profile") }
        #expect(throws: TOMLError.self) { try root.table(at: "count") }
        #expect(throws: TOMLError.self) { try root.bool(at: "count") }
        #expect(throws: TOMLError.self) { try root.double(at: "on") }
    }

    @Test func requiredNamesTheMissingKeyAndTheTable() throws {
        let profile = try #require(try root.table(at: "profile"))
        #expect(throws: TOMLError(
            file: "config.toml", line: 6, message: #"missing required key "token" in [profile]"#)
        ) { try profile.required("token", profile.string(at: "token")) }
        #expect(try profile.required("server", profile.int(at: "server")) == 8600)
    }

    @Test func unknownKeysAreRejectedWithTheirLine() throws {
        let profile = try #require(try root.table(at: "profile"))
        #expect(throws: TOMLError(
            file: "config.toml", line: 8, column: 1,
            message: #"unknown key "tools" in [profile] (known keys: server, token)"#)
        ) { try profile.rejectUnknownKeys(allowed: ["server", "token"]) }
        try profile.rejectUnknownKeys(allowed: ["server", "tools"])
    }

    @Test func errorAtPointsAtAKeyForCallerValidation() {
        #expect(root.error(at: "profile.tools", "bad").description == "config.toml:8:1: bad")
        #expect(root.error(at: "absent", "bad").description == "config.toml:1: bad")
    }

    @Test func equalityComparesContentNotLocation() throws {
        let a = try TOMLDocument(parsing: "x = 1\ny = [1]", file: "a.toml").root
        let b = try TOMLDocument(parsing: "\n\ny = [1]\nx = 1").root
        #expect(a == b)
        #expect(a != (try TOMLDocument(parsing: "x = 2\ny = [1]").root))
    }
}
