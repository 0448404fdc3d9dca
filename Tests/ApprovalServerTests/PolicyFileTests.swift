@testable import ApprovalServer
import Foundation
import Testing

@Suite struct PolicyFileTests {
    @Test func starterFileParsesToTheStarterPolicies() throws {
        let parsed = try PolicyFileParser.parse(PolicyFile.starterText, file: "policies.toml")
        #expect(parsed.policies == PolicySet.starter.policies)
        #expect(parsed.tools == PolicySet.starter.tools)
        #expect(parsed.tools.map(\.name) == ["echo", "deploy_preview"])
        #expect(parsed.policy(for: "echo")?.justification == .optional)
        #expect(parsed.policy(for: "deploy_preview")?.justification == .required)
        #expect(parsed.flows.isEmpty)
    }

    /// Issue 12, finding 4: unmatched tools are refused unless the file says otherwise, explicitly.
    @Test func unmatchedToolsAreRefusedUnlessTheFileAllowsThemExplicitly() throws {
        let starter = try PolicyFileParser.parse(PolicyFile.starterText, file: "/data/policies.toml")
        #expect(starter.allowsUnmatchedTools == false)
        #expect(starter.source == "/data/policies.toml")
        #expect(PolicyFile.starterText.contains("# allow_unmatched_tools = true"))
        let open = try PolicyFileParser.parse("allow_unmatched_tools = true\n", file: "p.toml")
        #expect(open.allowsUnmatchedTools == true)
        #expect(throws: ServerError.self) { try PolicyFileParser.parse("allow_unmatched_tools = \"yes\"\n", file: "p.toml") }
    }

    @Test func upstreamsAreReadWithTheirConnectionAndPrefix() throws {
        let text = """
            [[upstream]]
            name = "ops"
            command = ["ops-mcp", "--stdio"]
            env = { OPS_REGION = "eu" }

            [[upstream]]
            name = "remote"
            url = "http://127.0.0.1:9100/mcp"
            headers = { Authorization = "Bearer x" }
            prefix = "r_"
            """
        let parsed = try PolicyFileParser.parse(text, file: "policies.toml")
        #expect(parsed.upstreams == [
            UpstreamServer(name: "ops", connection: .command(["ops-mcp", "--stdio"], environment: ["OPS_REGION": "eu"])),
            UpstreamServer(
                name: "remote", connection: .http(URL(string: "http://127.0.0.1:9100/mcp")!, headers: ["Authorization": "Bearer x"]),
                prefix: "r_"),
        ])
        #expect(parsed.upstreams.first?.prefix == "ops__")
        #expect(throws: ServerError.self) {
            try PolicyFileParser.parse("[[upstream]]\nname = \"both\"\ncommand = [\"a\"]\nurl = \"http://x\"\n", file: "p.toml")
        }
    }

    @Test func everyFieldIsRead() throws {
        let text = """
            [[policy]]
            name = "payments"
            tools = ["send_payment", "refund_*"]
            timeout_seconds = 60
            approvals_required = 2
            justification = "none"
            channels = ["console", "email"]
            async = false

            [[tool]]
            name = "send_payment"
            description = "Pay"
            command = ["/usr/local/bin/pay", "--live"]

            [[flow]]
            name = "nightly"
            command = ["agent", "run"]
            prompt = "Update deps"
            """
        let parsed = try PolicyFileParser.parse(text, file: "p.toml")
        #expect(parsed.policies == [
            ServerPolicy(
                name: "payments", tools: ["send_payment", "refund_*"], timeoutSeconds: 60, approvalsRequired: 2,
                justification: .none, channels: ["console", "email"], isAsync: false)
        ])
        #expect(parsed.tools == [ServerTool(name: "send_payment", description: "Pay", command: ["/usr/local/bin/pay", "--live"])])
        #expect(parsed.flows == [FlowDefinition(name: "nightly", command: ["agent", "run"], prompt: "Update deps")])
    }

    @Test(arguments: [
        ("[[policy]]\nname = \"x\"\ntools = [\"a\"]\njustification = \"maybe\"\n", "p.toml:4"),
        ("[[policy]]\nname = \"x\"\n\ntools = \"a\"\n", "p.toml:4"),
        ("[[policy]]\nname = \"x\"\ntools = [\"a\"]\ncolour = 1\n", "p.toml:4"),
        ("[[tool]]\nname = \"t\"\ncommand = \"rm -rf /\"\n", "p.toml:3"),
        ("[[policy]]\nname = \"x\"\ntools = [\"a\"\n", "p.toml:3"),
        ("\n[[policy]]\ntools = [\"a\"]\n", "p.toml:2"),
        // A NUL would cut "deploy\0x" to "deploy" inside the TOML library: refused, raw or escaped.
        ("[[policy]]\nname = \"x\"\ntools = [\"deploy\u{0}x\"]\n", "p.toml:3:17"),
        ("[[policy]]\nname = \"x\"\ntools = [\"deploy\\u0000x\"]\n", "p.toml:3:17"),
        ("[[policy]]\nname = \"x\"\ntools = [\"deploy\\U00000000x\"]\n", "p.toml:3:17"),
        ("[[policy]]\nname = \"x\\u0000\"\ntools = [\"a\"]\n", "p.toml:2:10"),
        // Control, bidi and invisible characters, and blank ends, in any name a policy matches on or shows.
        ("[[policy]]\nname = \"x\\u001B[2J\"\ntools = [\"a\"]\n", "p.toml:2"),
        ("[[policy]]\nname = \"x\"\ntools = [\"a\", \"dep\\u202Eloy\"]\n", "p.toml:3"),
        ("[[policy]]\nname = \"x\"\ntools = [\"deploy \"]\n", "p.toml:3"),
        ("[[tool]]\nname = \"echo\\u200B\"\ncommand = [\"/bin/echo\"]\n", "p.toml:2"),
        ("[[flow]]\nname = \"nightly\\u0007\"\ncommand = [\"/bin/true\"]\nprompt = \"p\"\n", "p.toml:2"),
        ("[[upstream]]\nname = \"ops\\r\\n\"\ncommand = [\"/bin/true\"]\n", "p.toml:2"),
        // The second element of an array of tables, with Windows line ends, is named by its own line.
        ("[[policy]]\r\nname = \"a\"\r\ntools = [\"a\"]\r\n[[policy]]\r\nname = \"b\"\r\ntools = [\"b\"]\r\ncolour = 1\r\n", "p.toml:7"),
    ])
    func errorsNameFileAndLine(text: String, location: String) {
        #expect {
            try PolicyFileParser.parse(text, file: "p.toml")
        } throws: { error in
            guard case .policyFile(let message) = error as? ServerError else { return false }
            return message.hasPrefix(location)
        }
    }

    @Test(arguments: [
        "[[policy]]\nname = \"x\\u001B[2J\"\ntools = [\"a\"]\n",
        "[[upstream]]\nname = \"ops\\r\\n\"\ncommand = [\"/bin/true\"]\n",
        "[[tool]]\nname = \"echo\\u200B\"\ncommand = [\"/bin/echo\"]\n",
    ])
    func aNameWithAControlOrInvisibleCharacterSaysWhichAndNeverEchoesIt(text: String) {
        do {
            _ = try PolicyFileParser.parse(text, file: "p.toml")
            Issue.record("accepted")
        } catch {
            let message = error.description
            #expect(message.contains("must not contain control, bidi or invisible characters"), "\(message)")
            #expect(!message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x200B })
        }
    }

    @Test func startFailsWithTheFileAndLineOfABadPolicyFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("policies.toml")
        try "[[policy]]\nname = \"x\"\ntools = [\"a\"]\napprovals_required = 0\n".write(to: file, atomically: true, encoding: .utf8)
        let server = ApprovalServer(configuration: .init(port: 0, dataDirectory: directory))
        await #expect {
            try await server.start()
        } throws: { error in
            "\(error)".contains("\(file.path):4")
        }
    }
}
