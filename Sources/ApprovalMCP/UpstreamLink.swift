import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import MCP
import SystemPackage
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One upstream MCP server: connects (starting its process for stdio), lists its tools, and
/// when it dies or fails, reconnects after a growing delay (backoff), for as long as it runs.
actor UpstreamLink {
    enum State: String, Sendable { case starting, connected, restarting, stopped }

    let server: UpstreamServer
    private let backoff: @Sendable (Int) -> Duration
    private(set) var state = State.starting
    /// The tools as last listed, unprefixed.
    private(set) var tools: [MCP.Tool] = []
    private(set) var restarts = 0
    private(set) var lastError: String?
    private var client: Client?
    private var transport: ErrorAnswerTransport?
    private var process: Process?
    /// Kept so the pipes' descriptors stay open while the transport uses them.
    private var pipes: [Pipe] = []
    private var lost = false
    private var lostWaiter: CheckedContinuation<Void, Never>?
    private var supervisor: Task<Void, Never>?

    /// How long a connection must stay up before the backoff starts again from its first step.
    private let stableAfter: Duration
    /// How long a call waits for a restarting upstream before it is reported as not sent.
    private let reconnectWait: Duration

    init(
        _ server: UpstreamServer, backoff: @escaping @Sendable (Int) -> Duration, stableAfter: Duration = .seconds(30),
        reconnectWait: Duration = .seconds(3)
    ) {
        self.server = server
        self.backoff = backoff
        self.stableAfter = stableAfter
        self.reconnectWait = reconnectWait
    }

    func start() {
        guard supervisor == nil else { return }
        supervisor = Task { await supervise() }
    }

    func stop() async {
        supervisor?.cancel()
        supervisor = nil
        state = .stopped
        markLost()
        await disconnect()
    }

    /// Calls `tool`; a failure is a result, never an exception: ``ExternalToolsNotSent`` when the
    /// upstream is down or has not listed its tools yet (after waiting `reconnectWait` for it), so
    /// the call is sent later; `{"_error": …}` when the upstream is up but does not list `tool`
    /// (never sent), when it answered with a JSON-RPC error (its own message; the link stays up),
    /// or when the link broke after the call may have reached it (never re-sent).
    func call(_ tool: String, arguments members: [String: Value]) async -> JSONValue {
        let deadline = ContinuousClock.now + reconnectWait
        while state != .connected || lost, state != .stopped, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        guard state == .connected, !lost, let client, let transport else {
            return ExternalToolsNotSent.result("upstream '\(server.name)' is not connected (\(state.rawValue))")
        }
        guard lists(tool) else {
            return [
                "_error": .string(
                    "upstream '\(server.name)' no longer lists tool '\(tool)'; the call was not sent and will not be"),
            ]
        }
        let request = CallTool.request(.init(name: tool, arguments: members))
        await transport.watch(request.id)
        do {
            let result = try await client.send(request).value
            _ = await transport.errorAnswer(to: request.id)
            let data = try JSONEncoder().encode(result)
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            if let message = await transport.errorAnswer(to: request.id) {
                // The upstream answered this call with an error: the call failed, the link is fine.
                return ["_error": .string("upstream '\(server.name)' answered '\(tool)' with an error: \(message)")]
            }
            if !lost { lastError = Self.brief(error) }  // else the process's exit already says why
            markLost()
            // No details for the agent: a transport error can name the upstream's address.
            return [
                "_error": .string(
                    "upstream '\(server.name)' failed during '\(tool)' (it is being restarted); the call may have reached "
                        + "it, so its outcome is unknown and it is not sent again"),
            ]
        }
    }

    /// Whether the upstream listed `tool` (scalar-exact), as last listed.
    func lists(_ tool: String) -> Bool {
        tools.contains { $0.name.unicodeScalars.elementsEqual(tool.unicodeScalars) }
    }

    var health: JSONValue {
        [
            "name": .string(server.name), "status": .string(state.rawValue), "restarts": .integer(Int64(restarts)),
            "tools": .integer(Int64(tools.count)), "last_error": lastError.map(JSONValue.string) ?? .null,
            "transport": .string(server.connection.isCommand ? "stdio" : "http-streaming"),
        ]
    }

    private func supervise() async {
        var failures = 0
        while !Task.isCancelled {
            lost = false
            do {
                try await connect()
                tools = try await client?.listTools().tools ?? []
                state = .connected
                let connectedAt = ContinuousClock.now
                await waitUntilLost()
                // Only a connection that stayed up resets the backoff: one that crashes soon after
                // connecting keeps backing off instead of being restarted twice a second forever.
                if ContinuousClock.now - connectedAt >= stableAfter { failures = 0 }
            } catch {
                lastError = Self.brief(error)
            }
            await disconnect()
            guard !Task.isCancelled, state != .stopped else { break }
            state = .restarting
            restarts += 1
            try? await Task.sleep(for: backoff(failures))
            failures += 1
        }
    }

    private func connect() async throws {
        let client = Client(name: "approval-tui-gateway", version: MCPGateway.serverVersion)
        let transport: any Transport
        switch server.connection {
        case .command(let argv, let environment):
            transport = try launch(argv, environment: environment)
        case .http(let url, let headers):
            transport = HTTPClientTransport(endpoint: url, streaming: false) { request in
                var request = request
                for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
                return request
            }
        }
        let watching = ErrorAnswerTransport(transport)
        self.client = client
        self.transport = watching
        try await client.connect(transport: watching)
    }

    /// Starts the process (argv directly, never a shell) with MCP on its stdin and stdout.
    private func launch(_ argv: [String], environment: [String: String]) throws -> StdioTransport {
        let child = Process()
        if argv[0].contains("/") {
            child.executableURL = URL(fileURLWithPath: argv[0])
            child.arguments = Array(argv.dropFirst())
        } else {
            child.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            child.arguments = argv
        }
        // No project or Preloop token; descriptors above 2 are closed at spawn, as for tools (DescriptorHygiene).
        child.environment = ChildEnvironment.scrubbed(ProcessInfo.processInfo.environment)
            .merging(environment) { _, new in new }
        let input = Pipe(), output = Pipe()
        child.standardInput = input
        child.standardOutput = output
        child.standardError = FileHandle.nullDevice
        child.terminationHandler = { [weak self] finished in
            let ending = UpstreamLink.ending(status: finished.terminationStatus, signalled: finished.terminationReason == .uncaughtSignal)
            Task { await self?.processEnded(ending) }
        }
        try child.run()
        process = child
        pipes = [input, output]
        return StdioTransport(
            input: FileDescriptor(rawValue: output.fileHandleForReading.fileDescriptor),
            output: FileDescriptor(rawValue: input.fileHandleForWriting.fileDescriptor))
    }

    /// An error in words fit for the open health endpoint: MCP's own message, never a URL or header.
    private static func brief(_ error: any Error) -> String {
        if let error = error as? MCPError, case .internalError(let message?) = error, !message.contains("://") {
            return message
        }
        return "connection failed (\(type(of: error)))"
    }

    /// How a process ended, in words: a signal is not an exit status.
    static func ending(status: Int32, signalled: Bool) -> String {
        signalled ? "process was killed by signal \(status)" : "process exited with status \(status)"
    }

    private func processEnded(_ ending: String) {
        if state != .stopped { lastError = ending }
        markLost()
    }

    private func markLost() {
        lost = true
        lostWaiter?.resume()
        lostWaiter = nil
    }

    private func waitUntilLost() async {
        if lost { return }
        await withCheckedContinuation { lostWaiter = $0 }
    }

    private func disconnect() async {
        let client = self.client
        self.client = nil
        transport = nil
        await client?.disconnect()
        if let process, process.isRunning { process.terminate() }
        process = nil
        pipes = []
    }
}

extension UpstreamServer.Connection {
    var isCommand: Bool {
        if case .command = self { return true }
        return false
    }
}
