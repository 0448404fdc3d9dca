import ApprovalModel
import Foundation
import ProcessSupport

/// Starts, watches and stops flow executions.
///
/// The prompt reaches the process only as data: the server writes it to a file (mode 0600) whose
/// path is in `APPROVAL_TUI_PROMPT_FILE`, and the same file is the process's stdin. It is never
/// part of shell source. Each stdout/stderr line is stored as an `agent_log_line` row as it
/// arrives. A run succeeds only when it exits 0 and printed the success sentinel as a whole line
/// after the exec-start marker (`FlowMarkers`); a STOPPED run stays STOPPED.
actor FlowRunner {
    private let database: any ServerStore
    private let executionsDirectory: URL
    private let clock: @Sendable () -> Date
    private let stopGrace: Duration
    private var running: [String: Process] = [:]

    init(database: any ServerStore, executionsDirectory: URL, clock: @escaping @Sendable () -> Date, stopGrace: Duration) {
        self.database = database
        self.executionsDirectory = executionsDirectory
        self.clock = clock
        self.stopGrace = stopGrace
    }

    /// Creates an execution and starts its process; returns the execution id.
    func trigger(flow: FlowDefinition, flowID: String, prompt: String) async throws -> String {
        let id = try await database.createExecution(flowID: flowID, flowName: flow.name, at: clock())
        let directory = executionsDirectory.appendingPathComponent(id, isDirectory: true)
        let promptFile = directory.appendingPathComponent("prompt.txt")
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try ServerDataDirectory.writePrivate(prompt, to: promptFile)
            _ = try await database.advanceExecution(
                id: id, to: .starting, at: clock(), prompt: prompt, sessionReference: nil, errorMessage: nil)
            let process = try launch(flow.command, executionID: id, promptFile: promptFile)
            running[id] = process
            _ = try await database.advanceExecution(
                id: id, to: .running, at: clock(), prompt: nil, sessionReference: "pid:\(process.processIdentifier)",
                errorMessage: nil)
            watch(process, executionID: id)
        } catch {
            _ = try await database.advanceExecution(
                id: id, to: .failed, at: clock(), prompt: nil, sessionReference: nil, errorMessage: "\(error)")
        }
        return id
    }

    /// Marks the execution STOPPED, then SIGTERM, and SIGKILL after the grace period, each sent
    /// to the command's whole process group so a wrapper script's children stop too.
    func stop(executionID: String) async throws -> Bool {
        guard try await database.markStopped(id: executionID, at: clock()) else { return false }
        if let process = running[executionID], process.isRunning {
            ProcessGroup.signal(process, SIGTERM)
            let grace = stopGrace
            Task {
                try? await Task.sleep(for: grace)
                if process.isRunning { ProcessGroup.signal(process, SIGKILL) }
            }
        }
        return true
    }

    /// Kills every running process (server shutdown).
    func shutdown() {
        for process in running.values where process.isRunning {
            ProcessGroup.signal(process, SIGKILL)
        }
        for process in running.values { process.waitUntilExit() }
        running = [:]
    }

    private func finished(_ executionID: String) {
        running[executionID] = nil
    }

    private func launch(_ argv: [String], executionID: String, promptFile: URL) throws -> Process {
        guard let first = argv.first else { throw ServerError.launch("flow has an empty command") }
        var environment = ChildEnvironment.scrubbed(ProcessInfo.processInfo.environment)
        environment["APPROVAL_TUI_PROMPT_FILE"] = promptFile.path
        environment["APPROVAL_TUI_EXECUTION_ID"] = executionID
        guard let executable = ExecutableLookup.resolve(first, environment: environment) else {
            throw ServerError.launch("command not found: \(first)")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = Array(argv.dropFirst())
        process.environment = environment
        process.standardInput = try FileHandle(forReadingFrom: promptFile)
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        // Foundation closes every descriptor above 2 in the child at spawn (DescriptorHygiene).
        do {
            try process.run()
        } catch {
            throw ServerError.launch("\(first): \(error.localizedDescription)")
        }
        return process
    }

    /// Reads both streams line by line into the log, then decides the final status.
    private nonisolated func watch(_ process: Process, executionID: String) {
        let database = self.database
        let clock = self.clock
        let group = DispatchGroup()
        for (pipe, stream) in [(process.standardOutput, "stdout"), (process.standardError, "stderr")] {
            guard let handle = (pipe as? Pipe)?.fileHandleForReading else { continue }
            group.enter()
            DispatchQueue.global().async {
                LineSplitter.forEachLine(of: handle) { line in
                    // Stored before the next line is read: the pipe, not memory, holds what waits.
                    try? blockingAwait {
                        try await database.appendLogLine(executionID: executionID, line: line, stream: stream, at: clock())
                    }
                }
                group.leave()
            }
        }
        group.notify(queue: .global()) {
            process.waitUntilExit()
            let code = process.terminationStatus
            let lines = (try? blockingAwait { try await database.logLines(executionID: executionID) }) ?? []
            let (status, message): (ExecutionStatus, String?) =
                if process.terminationReason == .uncaughtSignal {
                    (.failed, "Agent was killed by signal \(code)")
                } else if code != 0 {
                    (.failed, "Agent exited with code \(code)")
                } else if FlowMarkers.showsSuccess(lines) {
                    (.succeeded, nil)
                } else {
                    (.failed, "Agent exited with code 0 but did not print the success sentinel after the start marker")
                }
            _ = try? blockingAwait {
                try await database.advanceExecution(
                    id: executionID, to: status, at: clock(), prompt: nil, sessionReference: nil, errorMessage: message)
            }
            Task { await self.finished(executionID) }
        }
    }
}
