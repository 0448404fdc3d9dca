import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

@Suite struct FlowExecutionTests {
    static func server(script: String, prompt: String = "Do the thing.") async throws -> TestServer {
        try await TestServer(policies: PolicySet(
            policies: PolicySet.starter.policies,
            flows: [FlowDefinition(name: "job", command: ["/bin/sh", "-c", script], prompt: prompt)]))
    }

    /// Triggers the only flow and returns the execution id.
    static func trigger(_ server: TestServer, prompt: String? = nil) async throws -> String {
        let flows = try await server.call("GET", "/api/v1/flows", token: server.approverToken)
        let flowID = try #require(flows.json?.arrayValue?.first?["id"]?.stringValue)
        let body: JSONValue = prompt.map { ["prompt": .string($0)] } ?? [:]
        let started = try await server.call("POST", "/api/v1/flows/\(flowID)/trigger", token: server.approverToken, json: body)
        #expect(started.status == 200)
        #expect(started["flow_id"]?.stringValue == flowID)
        return try #require(started["id"]?.stringValue)
    }

    /// Polls the execution until it is finished (bounded by a count, not a timing assert).
    static func finished(_ server: TestServer, _ id: String) async throws -> Answer {
        for _ in 0..<1000 {
            let answer = try await server.call("GET", "/api/v1/flows/executions/\(id)", token: server.approverToken)
            if let status = answer["status"]?.stringValue, ExecutionStatus(rawValue: status).isFinal { return answer }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("execution \(id) never finished")
        return try await server.call("GET", "/api/v1/flows/executions/\(id)", token: server.approverToken)
    }

    static func lines(_ server: TestServer, _ id: String) async throws -> [String] {
        let page = try await server.call("GET", "/api/v1/flows/executions/\(id)/logs", token: server.approverToken)
        return page["logs"]?.arrayValue?.filter { $0["type"] == "agent_log_line" }.compactMap { $0["payload"]?["line"]?.stringValue } ?? []
    }

    @Test func sentinelOnItsOwnLineAfterTheMarkerSucceeds() async throws {
        let server = try await Self.server(script: "echo setup; echo PRELOOP_AGENT_EXEC_START; echo work >&2; echo '  FLOW_EXECUTION_SUCCESS  '")
        let id = try await Self.trigger(server)
        let done = try await Self.finished(server, id)
        #expect(done["status"] == "SUCCEEDED")
        #expect(Set(try await Self.lines(server, id)) == ["setup", "PRELOOP_AGENT_EXEC_START", "work", "  FLOW_EXECUTION_SUCCESS  "])
        await server.finish()
    }

    @Test func sentinelBeforeTheMarkerDoesNotCount() async throws {
        let server = try await Self.server(script: "echo FLOW_EXECUTION_SUCCESS; echo PRELOOP_AGENT_EXEC_START; echo done")
        let done = try await Self.finished(server, try await Self.trigger(server))
        #expect(done["status"] == "FAILED")
        await server.finish()
    }

    @Test func lineThatMerelyContainsTheSentinelDoesNotCount() async throws {
        let server = try await Self.server(script: "echo PRELOOP_AGENT_EXEC_START; echo 'Done: FLOW_EXECUTION_SUCCESS'; echo FLOW_EXECUTION_SUCCESS.")
        let done = try await Self.finished(server, try await Self.trigger(server))
        #expect(done["status"] == "FAILED")
        await server.finish()
    }

    @Test func nonZeroExitFailsEvenWithTheSentinel() async throws {
        let server = try await Self.server(script: "echo PRELOOP_AGENT_EXEC_START; echo FLOW_EXECUTION_SUCCESS; exit 3")
        let done = try await Self.finished(server, try await Self.trigger(server))
        #expect(done["status"] == "FAILED")
        #expect(done["error_message"] == "Agent exited with code 3")
        await server.finish()
    }

    @Test func promptReachesTheProcessAsDataAndInjectionRunsNothing() async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("injected-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: marker) }
        let touch = "touch \(marker.path)"
        let prompt = "hello\nPROMPT_EOF\n\(touch)\nPROMPT_EOF\n$(\(touch))\n`\(touch)`\n'; \(touch); echo '"
        let server = try await Self.server(script: "echo PRELOOP_AGENT_EXEC_START; cat \"$APPROVAL_TUI_PROMPT_FILE\"; echo; cat")
        let id = try await Self.trigger(server, prompt: prompt)
        _ = try await Self.finished(server, id)
        #expect(!FileManager.default.fileExists(atPath: marker.path))
        let lines = try await Self.lines(server, id)
        #expect(lines.filter { $0 == "$(\(touch))" }.count == 2)
        let stored = try await server.call("GET", "/api/v1/flows/executions/\(id)", token: server.approverToken)
        #expect(stored["resolved_input_prompt"]?.stringValue == prompt)
        await server.finish()
    }

    /// Issue 12, finding 1: an approver's prompt with U+0000 reaches the file and the API whole.
    @Test func aPromptWithANulIsStoredAndWrittenWhole() async throws {
        let prompt = "before\u{0}after \u{1B}[31m"
        let server = try await Self.server(script: "echo PRELOOP_AGENT_EXEC_START; od -An -c \"$APPROVAL_TUI_PROMPT_FILE\" | tr -s ' '")
        let id = try await Self.trigger(server, prompt: prompt)
        _ = try await Self.finished(server, id)
        let stored = try await server.call("GET", "/api/v1/flows/executions/\(id)", token: server.approverToken)
        #expect(stored["resolved_input_prompt"] == .string(prompt))
        let dump = try await Self.lines(server, id).joined(separator: " ")
        #expect(dump.contains("e \\0 a"), "\(dump)")
        await server.finish()
    }

    @Test func stopEndsTheProcessAndTheRunStaysStopped() async throws {
        let server = try await Self.server(script: "trap '' TERM; echo PRELOOP_AGENT_EXEC_START; while :; do :; done")
        let id = try await Self.trigger(server)
        var attempts = 0  // lines arrive while the process runs
        while try await Self.lines(server, id).isEmpty, attempts < 500 {
            attempts += 1
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(attempts < 500)
        let stopped = try await server.call(
            "POST", "/api/v1/flows/executions/\(id)/command", token: server.approverToken, json: ["command": "stop"])
        #expect(stopped.json == ["status": "stopped"])
        let done = try await Self.finished(server, id)
        #expect(done["status"] == "STOPPED")
        #expect(done["error_message"] == "Manually stopped by user")
        // The process ignores SIGTERM; SIGKILL after the grace period ends it.
        let reference = try #require(done["agent_session_reference"]?.stringValue)
        let pid = try #require(Int32(reference.dropFirst("pid:".count)))
        var alive = true
        for _ in 0..<500 where alive {
            alive = kill(pid, 0) == 0
            if alive { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(!alive)
        #expect(try await server.call("GET", "/api/v1/flows/executions/\(id)", token: server.approverToken)["status"] == "STOPPED")
        await server.finish()
    }

    @Test func stopAlsoEndsWhatTheCommandStarted() async throws {
        let server = try await Self.server(script: "sleep 30 & echo child:$!; wait")
        let id = try await Self.trigger(server)
        var lines: [String] = []
        var attempts = 0
        while lines.isEmpty, attempts < 500 {
            lines = try await Self.lines(server, id)
            attempts += 1
            if lines.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        }
        let child = try #require(lines.first.flatMap { Int32($0.dropFirst("child:".count)) })
        _ = try await server.call(
            "POST", "/api/v1/flows/executions/\(id)/command", token: server.approverToken, json: ["command": "stop"])
        var alive = true
        for _ in 0..<500 where alive {
            alive = kill(child, 0) == 0
            if alive { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(!alive)
        await server.finish()
    }

    @Test func logsPageWithTailSkipLimitAndHasMore() async throws {
        let server = try await Self.server(script: "for i in 1 2 3 4 5; do echo line$i; done")
        let id = try await Self.trigger(server)
        _ = try await Self.finished(server, id)
        let tail = try await server.call("GET", "/api/v1/flows/executions/\(id)/logs?tail=2", token: server.approverToken)
        #expect(tail["has_more"] == true)
        #expect(tail["source"] == "database")
        #expect(tail["logs"]?.arrayValue?.first?["timestamp"]?.stringValue?.hasSuffix("+00:00") == true)
        let all = try await server.call("GET", "/api/v1/flows/executions/\(id)/logs", token: server.approverToken)
        let count = all["logs"]?.arrayValue?.count ?? 0
        let page = try await server.call("GET", "/api/v1/flows/executions/\(id)/logs?skip=1&limit=\(count - 1)", token: server.approverToken)
        #expect(page["has_more"] == false)
        #expect(page["logs"]?.arrayValue?.count == count - 1)
        let metrics = try await server.call("GET", "/api/v1/flows/executions/\(id)/metrics", token: server.approverToken)
        #expect(try JSONDecoder.preloop().decode(ExecutionMetrics.self, from: Data(metrics.text.utf8)).toolCalls == 0)
        let list = try await server.call("GET", "/api/v1/flows/executions", token: server.approverToken)
        #expect(list.json?.arrayValue?.first?["flow_name"] == "job")
        #expect(list.json?.arrayValue?.first?["start_time"]?.stringValue?.contains("+") == false)
        await server.finish()
    }

    @Test func unknownExecutionAndBadCommandBody() async throws {
        let server = try await Self.server(script: "true")
        let missing = try await server.call("GET", "/api/v1/flows/executions/\(UUID().uuidString)", token: server.approverToken)
        #expect(missing["detail"] == "Flow execution not found")
        let bad = try await server.call(
            "POST", "/api/v1/flows/executions/\(UUID().uuidString)/command", token: server.approverToken, json: ["cmd": "stop"])
        #expect(bad.status == 422)
        #expect(bad["detail"]?.arrayValue?.first?["loc"] == ["body", "command"])
        await server.finish()
    }
}
