import ApprovalModel
import Foundation
import ProcessSupport

/// Runs a tool's command: argv directly (never a shell), the arguments as JSON on stdin, the
/// justification in `APPROVAL_TUI_JUSTIFICATION`. The result is the exit status and the output,
/// each stream capped at `outputCap` bytes.
struct ToolRunner: Sendable {
    var outputCap = 64 * 1024
    /// A command still running after this long is killed (SIGKILL) and reported as timed out.
    var timeLimit: TimeInterval = 600

    /// The result of calling `tool` (or an approval-only tool when it has no command).
    /// `argumentsText` is the JSON the agent sent, byte for byte: the tool reads it on stdin.
    func run(
        tool: ServerTool?, toolName: String, argumentsText: String, justification: String?, decision: String
    ) async -> JSONValue {
        guard let command = tool?.command, !command.isEmpty else {
            return ["decision": .string(decision), "tool_name": .string(toolName)]
        }
        var environment = ChildEnvironment.scrubbed(ProcessInfo.processInfo.environment)
        environment["APPROVAL_TUI_JUSTIFICATION"] = justification ?? ""
        environment["APPROVAL_TUI_TOOL"] = toolName
        let input = Data(argumentsText.utf8)
        let cap = outputCap
        let limit = timeLimit
        let finalEnvironment = environment
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Self.runBlocking(command, environment: finalEnvironment, input: input, cap: cap, limit: limit))
            }
        }
    }

    private static func runBlocking(
        _ argv: [String], environment: [String: String], input: Data, cap: Int, limit: TimeInterval
    ) -> JSONValue {
        let process = Process()
        guard let executable = ExecutableLookup.resolve(argv[0], environment: environment) else {
            return ["_error": .string("command not found: \(argv[0])")]
        }
        process.executableURL = executable
        process.arguments = Array(argv.dropFirst())
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        // Foundation closes every descriptor above 2 in the child at spawn (DescriptorHygiene).
        do {
            try process.run()
        } catch {
            return ["_error": .string("cannot start \(argv[0]): \(error.localizedDescription)")]
        }
        let started = Date()
        let killer = DispatchWorkItem {
            if process.isRunning { ProcessGroup.signal(process, SIGKILL) }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: killer)
        let group = DispatchGroup()
        let out = CappedReader(handle: stdout.fileHandleForReading, cap: cap)
        let err = CappedReader(handle: stderr.fileHandleForReading, cap: cap)
        for reader in [out, err] {
            group.enter()
            DispatchQueue.global().async {
                reader.readToEnd()
                group.leave()
            }
        }
        // A command that ignores stdin closes the pipe early; SIGPIPE is ignored by the server,
        // so the write fails quietly instead of killing us.
        try? stdin.fileHandleForWriting.write(contentsOf: input)
        try? stdin.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        killer.cancel()
        let timedOut = process.terminationReason == .uncaughtSignal && Date().timeIntervalSince(started) >= limit
        return [
            "exit_status": .integer(Int64(process.terminationStatus)),
            "stdout": .string(out.text), "stderr": .string(err.text),
            "truncated": .bool(out.truncated || err.truncated), "timed_out": .bool(timedOut),
        ]
    }
}
