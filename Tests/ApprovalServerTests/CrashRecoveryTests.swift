import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

/// A server killed with SIGKILL loses nothing and runs no approved tool twice. The server runs
/// in a child process: this test binary again, running only `ChildServerHost`.
@Suite struct CrashRecoveryTests {
    static let hostDirectoryVariable = "APPROVAL_SERVER_CHILD_DIR"
    static var testBinary: String { ProcessInfo.processInfo.arguments[0] }

    @Test(.enabled(if: ProcessInfo.processInfo.arguments[0].hasSuffix(".xctest")))
    func killedServerRestartsWithEveryRequestDecisionAndResult() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let countFile = directory.appendingPathComponent("count")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: Self.testBinary)
        child.arguments = ["--testing-library", "swift-testing", "--filter", "ChildServerHost"]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.hostDirectoryVariable: directory.path]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }
        let portFile = directory.appendingPathComponent("port")
        var port: UInt16?
        for _ in 0..<3000 where port == nil {
            port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { UInt16($0) }
            if port == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        let childPort = try #require(port)
        let remote = try await TestServer(remotePort: childPort, directory: directory)
        let decided = try #require(try await remote.createToolCall("deploy_service", justification: "a")["request_id"]?.stringValue)
        let declined = try #require(try await remote.createToolCall("deploy_service", justification: "b")["request_id"]?.stringValue)
        let open = try #require(try await remote.createToolCall("rename_file")["request_id"]?.stringValue)
        _ = try await remote.decide(decided)
        _ = try await remote.decide(declined, "decline", approved: false, comment: "no")
        let result = try await remote.poll(decided)
        #expect(AgentFlowTests.runs(countFile) == 1)

        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        remote.session.invalidateAndCancel()

        let local = try await TestServer(policies: AgentFlowTests.countingPolicies(countFile), directory: directory)
        #expect(try await local.poll(decided)["tool_result"] == result["tool_result"])
        #expect(try await local.poll(declined)["reason"] == "no")
        #expect(try await local.poll(open)["status"] == "pending")
        #expect(AgentFlowTests.runs(countFile) == 1)
        await local.finish()
    }
}

/// Runs a server until killed, only when started by `CrashRecoveryTests` as a child process.
@Suite struct ChildServerHost {
    @Test(.enabled(if: ProcessInfo.processInfo.environment[CrashRecoveryTests.hostDirectoryVariable] != nil))
    func serveUntilKilled() async throws {
        let path = try #require(ProcessInfo.processInfo.environment[CrashRecoveryTests.hostDirectoryVariable])
        let directory = URL(fileURLWithPath: path)
        let server = ApprovalServer(configuration: .init(
            port: 0, dataDirectory: directory,
            policies: AgentFlowTests.countingPolicies(directory.appendingPathComponent("count"))))
        let port = try await server.start()
        try String(port).write(to: directory.appendingPathComponent("port"), atomically: true, encoding: .utf8)
        try await Task.sleep(for: .seconds(120))
        await server.stop()
    }
}
