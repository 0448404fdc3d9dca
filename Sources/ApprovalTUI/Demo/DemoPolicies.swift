import ApprovalClient
import ApprovalModel
import Foundation

/// The demo's `policies.toml`: every justification mode, a quorum of two, timeouts short enough
/// to expire while you watch, tools whose commands really run (argv only, never a shell), and
/// flows that succeed, fail and run until stopped (our own binary's `demo-agent`).
enum DemoPolicies {
    /// Flow names and the `demo-agent` script each one runs.
    static let flows: [(name: String, script: DemoScript, description: String, prompt: String)] = [
        ("nightly-deps", .success, "Update dependencies and open a pull request",
         "Update outdated dependencies, run the tests, open a pull request."),
        ("flaky-test-hunt", .failure, "Find and fix a flaky test", "Find the flakiest test in CI and fix it."),
        ("log-watcher", .longRunning, "Watch the error log (runs until stopped)",
         "Tail the error log and summarise new errors every few seconds."),
    ]

    /// The file's text; `executable` is this program (for `demo-agent` and tool commands).
    static func text(executable: String, speed: Double) -> String {
        let me = quoted(executable)
        var text = """
            # approval-tui demo policies (a fresh directory, removed when the demo ends).

            [[policy]]
            name = "deploys"
            description = "Deployments and rollbacks: a reason is required"
            tools = ["deploy_*", "rollback_*"]
            justification = "required"
            timeout_seconds = 90

            [[policy]]
            name = "two-person"
            description = "Production data and secrets: two approvers"
            tools = ["db_migrate", "rotate_secrets"]
            justification = "required"
            approvals_required = 2
            timeout_seconds = 120

            [[policy]]
            name = "quick-look"
            description = "Read-only look-ups: no reason needed, short timeout"
            tools = ["read_*", "list_*", "search_*"]
            justification = "none"
            timeout_seconds = 45

            [[policy]]
            name = "everyday"
            description = "Everything else: a reason is welcome"
            tools = ["*"]
            justification = "optional"
            timeout_seconds = 75

            [[tool]]
            name = "deploy_service"
            description = "Deploy a service (prints what it would do)"
            command = [\(me), "demo-agent", "--script", "tool"]

            [[tool]]
            name = "read_file"
            description = "Read a file (echoes the request)"
            command = ["/bin/echo", "read ok"]

            [[tool]]
            name = "search_logs"
            description = "Search the logs"
            command = ["/bin/echo", "3 matches"]

            """
        for flow in flows {
            text += """

                [[flow]]
                name = \(quoted(flow.name))
                description = \(quoted(flow.description))
                command = [\(me), "demo-agent", "--script", \(quoted(flow.script.rawValue)), "--speed", "\(speed)"]
                prompt = \(quoted(flow.prompt))

                """
        }
        return text
    }

    /// A TOML basic string (JSON's string escapes are valid TOML).
    static func quoted(_ text: String) -> String { JSONValue.quoted(text) }
}
