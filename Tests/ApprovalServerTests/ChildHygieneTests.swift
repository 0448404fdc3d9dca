import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 12, finding 5: tools and flows start with descriptors 0–2 only (plus Foundation's own
/// exit-watch socket) and without the project's or Preloop's tokens, whatever the server has open.
@Suite(.serialized) struct ChildHygieneTests {
    /// Lists the shell's open descriptors (`ls` runs as the shell's child, so the listing holds the
    /// shell's own, nothing of ls), then the environment.
    static let reportScript = "ls -l /proc/$$/fd/; echo ENV-FOLLOWS; env"

    static let secrets = [
        "APPROVAL_TUI_TOKEN": "leak-approver-7f3a", "APPROVAL_TUI_TOKEN_FILE": "/leak/token-file",
        "APPROVAL_TUI_AGENT_TOKEN": "leak-agent-91c2", "PRELOOP_TOKEN": "leak-preloop-55d0",
    ]

    @Test func aToolSeesOnlyItsOwnDescriptorsAndNoToken() async throws {
        let stray = Self.openStrayDescriptor()
        defer { close(stray) }
        let server = try await TestServer(policies: PolicySet(
            policies: [ServerPolicy(name: "gate", tools: ["report"], justification: .none)],
            tools: [ServerTool(name: "report", command: ["/bin/sh", "-c", Self.reportScript])]))
        let output = try await Self.withSecrets {
            let id = try #require(try await server.createToolCall("report")["request_id"]?.stringValue)
            _ = try await server.decide(id)
            return try await server.poll(id)["tool_result"]?["stdout"]?.stringValue ?? ""
        }
        Self.expectClean(ChildReport(output), stray: stray)
        #expect(output.contains("APPROVAL_TUI_TOOL=report"))
        await server.finish()
    }

    @Test func aFlowSeesOnlyItsOwnDescriptorsAndNoToken() async throws {
        let stray = Self.openStrayDescriptor()
        defer { close(stray) }
        let server = try await TestServer(policies: PolicySet(
            policies: PolicySet.starter.policies,
            flows: [FlowDefinition(name: "job", command: ["/bin/sh", "-c", Self.reportScript], prompt: "report")]))
        let lines = try await Self.withSecrets {
            let id = try await FlowExecutionTests.trigger(server)
            _ = try await FlowExecutionTests.finished(server, id)
            return try await FlowExecutionTests.lines(server, id)
        }
        // Both streams are logged line by line; the order of lines is kept within stdout.
        let report = ChildReport(lines.joined(separator: "\n"))
        Self.expectClean(report, stray: stray)
        #expect(lines.contains { $0.hasPrefix("APPROVAL_TUI_PROMPT_FILE=") })
        await server.finish()
    }

    /// A descriptor the server process holds without close-on-exec, as a careless library would.
    static func openStrayDescriptor() -> Int32 {
        open("/etc/hostname", O_RDONLY)
    }

    static func withSecrets<T>(_ body: () async throws -> T) async rethrows -> T {
        for (name, value) in secrets { setenv(name, value, 1) }
        defer { for name in secrets.keys { unsetenv(name) } }
        return try await body()
    }

    static func expectClean(_ report: ChildReport, stray: Int32, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set([0, 1, 2]).isSubset(of: Set(report.descriptors.keys)), sourceLocation: sourceLocation)
        let extra = report.descriptors.filter { $0.key > 2 }
        // Foundation keeps its own end of the socket pair it watches for the child's exit; nothing else.
        #expect(extra.count <= 1, "unexpected descriptors: \(extra)", sourceLocation: sourceLocation)
        #expect(extra.values.allSatisfy { $0.hasPrefix("socket:") }, "\(extra)", sourceLocation: sourceLocation)
        #expect(report.descriptors[Int(stray)] == nil || stray <= 2, sourceLocation: sourceLocation)
        #expect(!report.descriptors.values.contains { $0.contains("hostname") || $0.contains(".sqlite") },
            sourceLocation: sourceLocation)
        for (name, value) in secrets {
            #expect(!report.environment.contains { $0.hasPrefix(name + "=") }, "\(name) reached the child",
                sourceLocation: sourceLocation)
            #expect(!report.text.contains(value), sourceLocation: sourceLocation)
        }
        #expect(!report.environment.isEmpty, "the report has no environment", sourceLocation: sourceLocation)
    }
}

/// What the report script printed: descriptor number → target, and `NAME=value` lines.
struct ChildReport {
    var descriptors: [Int: String] = [:]
    var environment: [String] = []
    var text: String

    init(_ text: String) {
        self.text = text
        var inEnvironment = false
        for line in text.split(separator: "\n").map(String.init) {
            if line == "ENV-FOLLOWS" { inEnvironment = true; continue }
            if inEnvironment { environment.append(line); continue }
            // `lr-x------ 1 root root 64 Dec  1 21:32 3 -> /proc/16351/fd`
            guard let arrow = line.range(of: " -> ") else { continue }
            let before = line[..<arrow.lowerBound].split(separator: " ")
            if let last = before.last, let fd = Int(last) { descriptors[fd] = String(line[arrow.upperBound...]) }
        }
    }
}
