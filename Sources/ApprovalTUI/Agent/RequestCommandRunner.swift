import ApprovalClient
import ApprovalModel
import ApprovalServer
import ApprovalViewModels
import Foundation

/// The body of `approval-tui request`: submit, optionally poll until decided, print, and
/// return the documented exit code.
struct RequestCommandRunner: Sendable {
    let client: AgentClient
    let json: Bool
    let wait: Bool
    /// How long to sleep between polls (injected so tests and the demo need not wait). Against
    /// the local server there is no sleep: `--wait` long-polls and exits on the decision.
    var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    static let approvedExit: Int32 = 0
    static let declinedExit: Int32 = 1
    static let expiredExit: Int32 = 2
    static let errorExit: Int32 = 3
    /// Polls that may fail in a row (a restarting server) before `--wait` gives up.
    static let toleratedPollFailures = 3

    func run(_ call: AgentClient.ToolCall) async throws(AgentError) -> Int32 {
        let created = try await client.create(call)
        let status = created.string("status") ?? "unknown"
        guard status == "pending", let id = created.string("request_id") else {
            return finish(created)
        }
        guard wait else {
            if json { printJSON(created) } else { SafeOutput.text("pending \(PlainText.line(id))") }
            return Self.approvedExit
        }
        let interval = max(1, created.integer("poll_interval_seconds") ?? 5)
        if !json {
            printError("waiting for a decision on \(PlainText.line(call.toolName)) (request \(PlainText.line(id))), "
                + "up to \(created.integer("timeout_seconds").map { "\($0) s" } ?? "the policy's timeout")")
        }
        var failures = 0
        // Long-poll while the server holds the poll open; a server that answers a pending status
        // at once (no long-polls, e.g. Preloop) is polled at its poll_interval_seconds instead.
        var longPolls = true
        var pause: Duration?
        while true {
            if let pause {
                do {
                    try await sleep(pause)
                } catch {
                    throw .unreachable("interrupted while waiting for request \(id)")
                }
            }
            let reply: AgentClient.Reply
            let asked = ContinuousClock.now
            do {
                reply = try await client.status(id: id, wait: longPolls ? Self.longPollSeconds : nil)
                failures = 0
            } catch .unreachable(let reason) {
                failures += 1
                if failures > Self.toleratedPollFailures { throw .unreachable(reason) }
                pause = .seconds(longPolls ? 1 : interval)
                continue
            }
            switch reply.string("status") {
            case "pending"?:
                if longPolls, ContinuousClock.now - asked < .seconds(Self.longPollSeconds) / 2 { longPolls = false }
                pause = longPolls ? nil : .seconds(interval)
            case "executing"?:
                pause = longPolls ? Self.executingPause : .seconds(interval)
            default:
                return finish(reply)
            }
        }
    }

    /// How long one long-poll may be held open (below the transport's 30 s timeout).
    static let longPollSeconds = 25
    /// Between polls of a call whose tool is running.
    static let executingPause = Duration.milliseconds(250)

    /// Prints a final answer (allowed, approved, declined, cancelled, expired) and returns its exit code.
    private func finish(_ reply: AgentClient.Reply) -> Int32 {
        let status = reply.string("status") ?? "unknown"
        if json { printJSON(reply) }
        switch status {
        case "allowed", "approved":
            if !json {
                SafeOutput.text(status)
                if let error = reply.string("tool_execution_error") {
                    printError("the tool could not run: \(PlainText.line(error))")
                }
                if let result = reply.json["result"] ?? reply.json["tool_result"] { SafeOutput.text(Self.pretty(result)) }
            }
            return Self.approvedExit
        case "declined", "cancelled":
            if !json {
                SafeOutput.text(status + (reply.string("reason").map { ": \(PlainText.line($0))" } ?? ""))
            }
            return Self.declinedExit
        case "expired":
            if !json { print("expired: nobody decided in time") }
            return Self.expiredExit
        default:
            if !json { printError("the server answered an unknown status \"\(PlainText.line(status))\"") }
            return Self.errorExit
        }
    }

    private func printJSON(_ reply: AgentClient.Reply) {
        SafeOutput.json(Self.pretty(.object(reply.json)))
    }

    /// Sorted, indented JSON; control characters inside strings stay escaped.
    static func pretty(_ value: JSONValue) -> String { value.prettyPrinted() }

    /// `--args`: a JSON object, or `.badArguments` saying why not.
    static func parseArguments(_ text: String) throws(AgentError) -> JSONValue {
        // Strict first: the server refuses duplicate keys and lone surrogates; say so here, before sending.
        do {
            _ = try StrictJSON.parse(Array(text.utf8))
        } catch {
            throw .badArguments("--args is not JSON: \(error)")
        }
        guard let value = try? JSONDecoder.preloop().decode(JSONValue.self, from: Data(text.utf8)) else {
            throw .badArguments("--args is not JSON: \(PlainText.line(text, limit: 80))")
        }
        guard case .object = value else { throw .badArguments("--args must be a JSON object, like '{\"env\":\"prod\"}'") }
        return value
    }

    /// The server (configured, else the local one) and the agent token (--token-file, else
    /// `$APPROVAL_TUI_AGENT_TOKEN`, else the local server's `agent.token`).
    static func agentClient(
        connection: ConnectionOptions, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AgentClient {
        let resolved: ResolvedConfiguration
        do {
            resolved = try connection.resolve(environment: environment)
        } catch {
            throw AgentError.badArguments(error.description)
        }
        let transport = URLSessionTransport(timeout: 30)
        let fromFlag = connection.tokenFile != nil ? resolved.token : nil
        let fromEnvironment = environment["APPROVAL_TUI_AGENT_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let server = resolved.server {
            guard let token = fromFlag ?? fromEnvironment else {
                throw AgentError.badArguments(
                    "no agent token: pass --token-file FILE or set APPROVAL_TUI_AGENT_TOKEN")
            }
            return AgentClient(server: server, token: token, transport: transport)
        }
        do {
            let local = try LocalServer.attach(directory: ServerDataDirectory.defaultRoot(environment: environment))
            return AgentClient(
                server: local.url, token: try fromFlag ?? fromEnvironment ?? local.token(for: .agent),
                transport: transport)
        } catch let error as EmbeddedServerError {
            throw AgentError.unreachable(error.description)
        }
    }
}
