import Foundation

/// `DIR/policies.toml`: created on first start as a commented starter file a person edits.
enum PolicyFile {
    static func loadOrCreate(_ url: URL) throws -> PolicySet {
        if !FileManager.default.fileExists(atPath: url.path) {
            try Data(starterText.utf8).write(to: url, options: .atomic)
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ServerError.policyFile("\(url.path): cannot read: \(error.localizedDescription)")
        }
        return try PolicyFileParser.parse(text, file: url.path)
    }

    static let starterText = """
        # approval-tui server policies. Edit and restart the server.
        #
        # Policies are checked in order; the first one whose `tools` matches a tool name decides.
        # `tools` holds exact names and globs (* any characters, ? one character).
        # The one rule for a tool no policy matches, over REST and MCP alike: it is refused (the
        # "*" policy below guards every other tool), unless this line, at the top of the file
        # before the first [[policy]], lets such tools run WITHOUT approval:
        # allow_unmatched_tools = true
        #
        # Fields: name, tools, timeout_seconds (default 300), approvals_required (default 1,
        # distinct approvers), justification = "none" | "optional" | "required",
        # channels (default ["console"]), async (default true).

        [[policy]]
        name = "destructive"
        description = "Deployments and deletions: approval with a reason"
        tools = ["deploy*", "delete_*"]
        justification = "required"
        timeout_seconds = 300
        approvals_required = 1

        [[policy]]
        name = "default"
        description = "Every other tool: approval, reason optional"
        tools = ["*"]
        justification = "optional"

        # Tools agents may call. With `command` (an argv list, never run through a shell) the tool
        # runs when allowed or approved: the arguments arrive as JSON on stdin, the justification in
        # $APPROVAL_TUI_JUSTIFICATION; exit status and output (64 KiB each) are the result.
        # Without `command` a tool is approval-only: the result is the decision.
        # MCP clients (`/mcp/v1`, `approval-tui mcp`) see and can call these tools and the
        # [[upstream]] servers' tools, and no others; the two below are examples.

        [[tool]]
        name = "echo"
        description = "Returns its arguments (needs approval; a reason is optional)"
        command = ["cat"]

        [[tool]]
        name = "deploy_preview"
        description = "Deploys a preview environment (approval only; a reason is required)"

        # Upstream MCP servers: the MCP gateway lists their tools as `prefix + name` (prefix defaults
        # to "NAME__") and forwards calls through the policies above, under those prefixed names.
        # Either `command` (argv, never a shell; optional env = { KEY = "value" }) or `url`
        # (streamable HTTP; optional headers = { Authorization = "Bearer ..." }).
        #
        # [[upstream]]
        # name = "ops"
        # command = ["/usr/local/bin/ops-mcp-server"]

        # Flows: a named agent command with a prompt. The prompt is written to a file whose path
        # is in $APPROVAL_TUI_PROMPT_FILE (and is the command's stdin). Success needs the line
        # PRELOOP_AGENT_EXEC_START and, after it, FLOW_EXECUTION_SUCCESS on a line by itself.
        #
        # [[flow]]
        # name = "nightly-deps"
        # description = "Update dependencies"
        # command = ["/usr/local/bin/my-agent", "--non-interactive"]
        # prompt = "Update outdated dependencies and open a pull request."

        """
}
