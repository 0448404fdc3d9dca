import TOMLSupport
import Testing
@testable import ApprovalClient
@testable import ApprovalModel

/// Parses `text` as `t.toml` and returns the root table.
func parseTOML(_ text: String) throws -> TOMLTable {
    try TOMLDocument(parsing: text, file: "t.toml").root
}

@Suite struct TOMLDocumentTests {
    @Test func commentsAndBlankLinesAreIgnored() throws {
        let root = try parseTOML("""
            # leading comment

            name = "x" # trailing comment
               # indented comment
            \t
            """)
        #expect(root.keys == ["name"])
        #expect(root["name"] == .string("x"))
    }

    @Test func bareQuotedAndLiteralKeysAreAllKeys() throws {
        let root = try parseTOML("""
            bare-key_1 = 1
            "quoted key" = 2
            'literal "key"' = 3
            "" = 4
            1234 = 5
            """)
        #expect(root.keys == ["bare-key_1", "quoted key", "literal \"key\"", "", "1234"])
        #expect(root["1234"] == .integer(5))
    }

    @Test func dottedKeysCreateNestedTables() throws {
        let root = try parseTOML("""
            queue.selected = { fg = "black", bg = "cyan", bold = true }
            queue.row.fg = "white"
            site."google.com" = true
            a . b = 1
            """)
        #expect(try root.string(at: "queue.selected.fg") == "black")
        #expect(try root.bool(at: "queue.selected.bold") == true)
        #expect(try root.string(at: "queue.row.fg") == "white")
        #expect(root.entry(at: ["site", "google.com"])?.value == .bool(true))
        #expect(try root.int(at: "a.b") == 1)
        #expect(try root.table(at: "queue")?.keys == ["selected", "row"])
    }

    @Test func tableHeadersOpenTablesAndSubTables() throws {
        let root = try parseTOML("""
            top = 1
            [profiles.work]
            server = "https://preloop.example.com"
            [profiles.local]
            server = "http://127.0.0.1:8600"
            [profiles]
            default = "work"
            [ "quoted" . 'name' ]
            x = 1
            """)
        #expect(try root.table(at: "profiles")?.keys == ["work", "local", "default"])
        #expect(try root.string(at: "profiles.local.server") == "http://127.0.0.1:8600")
        #expect(try root.int(at: "quoted.name.x") == 1)
        #expect(try root.table(at: "profiles.work")?.name == "profiles.work")
        #expect(try root.table(at: "profiles.work")?.line == 2)
    }

    @Test func arrayOfTablesCollectsOneTablePerHeader() throws {
        let root = try parseTOML("""
            [[policy]]
            tools = ["deploy*", "delete_*"]
            justification = "required"
            [policy.notify]
            channel = "ops"

            [[policy]]
            tools = ["read_*"]
            timeout_seconds = 300
            approvals_required = 2
            [[policy.step]]
            name = "a"
            """)
        let policies = try #require(try root.arrayOfTables(at: "policy"))
        #expect(policies.count == 2)
        #expect(try policies[0].strings(at: "tools") == ["deploy*", "delete_*"])
        #expect(try policies[0].string(at: "notify.channel") == "ops")
        #expect(try policies[1].int(at: "timeout_seconds") == 300)
        #expect(try policies[1].int(at: "approvals_required") == 2)
        #expect(try policies[1].arrayOfTables(at: "step")?.first?.string(at: "name") == "a")
        #expect(policies.map(\.line) == [1, 7])
        #expect(root.entry("policy")?.line == 1)
    }

    @Test func basicStringsUnderstandEscapes() throws {
        let root = try parseTOML(#"s = "tab\there \"q\" back\\slash\nline \u00E9 \U0001F600 \b\f\r""#)
        #expect(root["s"] == .string("tab\there \"q\" back\\slash\nline é 😀 \u{08}\u{0C}\r"))
    }

    @Test func literalStringsKeepBackslashesAsWritten() throws {
        let root = try parseTOML(#"path = 'C:\Users\nodejs\n "quoted"'"#)
        #expect(root["path"] == .string(#"C:\Users\nodejs\n "quoted""#))
    }

    @Test func multiLineBasicStringsTrimTheFirstNewlineAndJoinEscapedLineEnds() throws {
        let root = try parseTOML(#"""
            a = """
            Roses are red
            Violets are "blue\""""
            b = """one \
                   two \
                 three"""
            c = """x""y"""""
            """#)
        #expect(root["a"] == .string("Roses are red\nViolets are \"blue\""))
        #expect(root["b"] == .string("one two three"))
        #expect(root["c"] == .string("x\"\"y\"\""))
    }

    @Test func multiLineLiteralStringsKeepEverythingAsWritten() throws {
        let root = try parseTOML("""
            re = '''
            I [dw]on't need \\d{2} apples
            two lines'''
            quotes = '''''it''s'''''
            """)
        #expect(root["re"] == .string("I [dw]on't need \\d{2} apples\ntwo lines"))
        #expect(root["quotes"] == .string("''it''s''"))
    }

    @Test func integersAcceptSignsUnderscoresAndPrefixes() throws {
        let root = try parseTOML("""
            a = 42
            b = +17
            c = -1_000_000
            d = 0
            e = 0xDEAD_beef
            f = 0o755
            g = 0b1101
            h = -0
            """)
        let values = root.entries.map(\.value)
        #expect(values == [42, 17, -1_000_000, 0, 0xDEAD_BEEF, 0o755, 0b1101, 0].map(TOMLValue.integer))
    }

    @Test func floatsAcceptFractionsExponentsAndSpecialValues() throws {
        let root = try parseTOML("""
            a = 3.1415
            b = -0.01
            c = 5e+22
            d = 1E6
            e = -2e-2
            f = 6.626e-34
            g = 224_617.445_991
            h = inf
            i = -inf
            j = nan
            """)
        #expect(try root.double(at: "a") == 3.1415)
        #expect(try root.double(at: "b") == -0.01)
        #expect(root["c"] == .float(5e22))
        #expect(root["d"] == .float(1e6))
        #expect(root["e"] == .float(-0.02))
        #expect(root["f"] == .float(6.626e-34))
        #expect(root["g"] == .float(224_617.445_991))
        #expect(root["h"] == .float(.infinity))
        #expect(root["i"] == .float(-.infinity))
        #expect(try root.double(at: "j")?.isNaN == true)
    }

    @Test func booleansAreTrueAndFalse() throws {
        let root = try parseTOML("yes = true\nno = false")
        #expect(try root.bool(at: "yes") == true)
        #expect(try root.bool(at: "no") == false)
    }

    @Test func arraysMaySpanLinesHoldCommentsAndEndWithAComma() throws {
        let root = try parseTOML("""
            tools = [
              "deploy*",  # deployments
              "delete_*",

            ]
            nested = [[1, 2], ["a"], []]
            mixed = [1, 2.5, "x", true, { a = 1 }]
            empty = []
            """)
        #expect(try root.strings(at: "tools") == ["deploy*", "delete_*"])
        #expect(root["nested"] == .array([.array([.integer(1), .integer(2)]), .array([.string("a")]), .array([])]))
        #expect(try root.array(at: "mixed")?.count == 5)
        #expect(try root.array(at: "empty") == [])
    }

    @Test func inlineTablesHoldKeysIncludingDottedAndNestedOnes() throws {
        let root = try parseTOML("""
            point = { x = 1, y = 2 }
            style = { fg.name = "red", inner = { bold = true } }
            empty = {}
            """)
        #expect(try root.int(at: "point.y") == 2)
        #expect(try root.string(at: "style.fg.name") == "red")
        #expect(try root.bool(at: "style.inner.bold") == true)
        #expect(try root.table(at: "empty")?.isEmpty == true)
        #expect(try root.table(at: "style")?.name == "style")
    }

    @Test func windowsLineEndingsCountAsNewlines() throws {
        let root = try parseTOML("a = 1\r\n[t]\r\nb = \"\"\"x\r\ny\"\"\"\r\n")
        #expect(try root.string(at: "t.b") == "x\ny")
        #expect(root.entry(at: ["t", "b"])?.line == 3)
    }

    @Test func everyKeyRemembersItsLineAndColumn() throws {
        let root = try parseTOML("""
            # comment
            a = 1

            [t]
              b = 2
            c.d = 3
            """)
        #expect(root.entry("a").map { [$0.line, $0.column] } == [2, 1])
        #expect(root.entry(at: ["t", "b"]).map { [$0.line, $0.column] } == [5, 3])
        #expect(root.entry(at: ["t", "c", "d"])?.line == 6)
        #expect(try root.table(at: "t")?.file == "t.toml")
    }

    @Test func emptyTextIsAnEmptyTable() throws {
        #expect(try parseTOML("").isEmpty)
        #expect(try parseTOML("\n# only a comment\n").isEmpty)
    }

    @Test func aByteOrderMarkAtTheStartIsSkipped() throws {
        #expect(try parseTOML("\u{FEFF}a = 1")["a"] == .integer(1))
    }

    @Test func aThemeFileReadsAsRolesWithStyles() throws {
        let root = try parseTOML("""
            # themes/default.toml
            queue.row      = { fg = "white" }
            queue.selected = { fg = "black", bg = "cyan", bold = true }
            badge.untrusted = { fg = "red", reverse = true }

            [status]
            offline = { fg = "yellow", underline = true }
            """)
        let queue = try #require(try root.table(at: "queue"))
        #expect(queue.keys == ["row", "selected"])
        let selected = try #require(try queue.table(at: "selected"))
        #expect(try selected.string(at: "bg") == "cyan")
        #expect(selected.line == 3)
        #expect(queue.entry("selected")?.line == 3)
        #expect(try root.bool(at: "status.offline.underline") == true)
        #expect(root.entry(at: ["status", "offline"])?.line == 7)
    }

    @Test func headersMayOpenSubTablesBelowDottedKeysAndEachArrayElement() throws {
        let root = try parseTOML("""
            [fruit]
            apple.color = "red"
            [fruit.apple.texture]
            smooth = true
            [[shelf]]
            [shelf.label]
            text = "one"
            [[shelf]]
            [shelf.label]
            text = "two"
            """)
        #expect(try root.bool(at: "fruit.apple.texture.smooth") == true)
        #expect(try root.arrayOfTables(at: "shelf")?.map { try $0.string(at: "label.text") } == ["one", "two"])
    }
}
