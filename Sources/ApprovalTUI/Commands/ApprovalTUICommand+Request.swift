import ApprovalClient
import ApprovalModel
import ApprovalServer
import ApprovalViewModels
import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui request`: an agent's tool call from a shell, optionally waiting for a human.
    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit a tool call as an agent; with --wait, wait for a person to decide it.",
            discussion: """
                Gate a dangerous command on a human:
                  approval-tui request --tool deploy --args '{"env":"prod"}' --justification hotfix --wait && ./deploy.sh

                The agent token comes from --token-file, else $APPROVAL_TUI_AGENT_TOKEN, else the local \
                server's agent.token. With --wait the local server is long-polled (GET …/tool-calls/ID?wait=25), so the \
                command exits as soon as someone decides; a server without long-polls is polled at its \
                poll_interval_seconds.

                Exit codes: 0 allowed, approved (the result is printed), or submitted and pending without --wait; \
                1 declined or cancelled (the reason is printed); 2 expired before anyone decided; \
                3 error: server unreachable, not signed in (401/403), invalid call (422, with the server's detail).
                """)

        @OptionGroup var connection: ConnectionOptions

        @Option(name: .long, help: "The tool to call.")
        var tool: String

        @Option(name: .long, help: "The tool's arguments as a JSON object.")
        var args = "{}"

        @Option(name: .long, help: "Why the agent wants to call it (some policies require this).")
        var justification: String?

        @Option(name: .long, help: "The agent's name, shown to the approver.")
        var agent: String?

        @Flag(name: .long, help: "Wait until the call is approved, declined or expired.")
        var wait = false

        @Flag(name: .long, help: "Print the server's JSON instead of a summary.")
        var json = false

        func run() async throws {
            do {
                let arguments = try RequestCommandRunner.parseArguments(args)
                let agentClient = try RequestCommandRunner.agentClient(connection: connection)
                var call = AgentClient.ToolCall(
                    toolName: tool, arguments: arguments, justification: justification, agentName: agent)
                call.argumentsText = args
                let code = try await RequestCommandRunner(client: agentClient, json: json, wait: wait).run(call)
                if code != 0 { throw ExitCode(code) }
            } catch let error as AgentError {
                printError(error.description)
                throw ExitCode(RequestCommandRunner.errorExit)
            }
        }
    }
}
