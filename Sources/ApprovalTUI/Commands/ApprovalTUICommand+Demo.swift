import ApprovalClient
import ApprovalModel
import ApprovalServer
import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui demo`: a local server on a fresh directory, simulated agents, the console.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Try it: a local server with simulated agents, flows and hostile text, and the console on it.",
            discussion: """
                Everything lives in a fresh directory (removed at exit) and a free port; your own server and \
                its data are not touched. Approve with a, deny with d, watch flows with f, quit with q. \
                With the same --seed the agents ask for the same things in the same order.
                """)

        @Option(name: .long, help: "Seed for the simulated agents (the same seed, the same stream).")
        var seed: UInt64?

        @Option(name: .long, help: "How fast the agents work: 2 is twice as busy, 0.5 half.")
        var speed = 1.0

        @Option(name: .customLong("print-plan"), help: .hidden)
        var printPlan: Int?

        @OptionGroup var look: ConsoleLook

        func validate() throws {
            guard speed > 0, speed <= 100 else { throw ValidationError("--speed must be above 0 and at most 100") }
        }

        func run() async throws {
            let seed = seed ?? UInt64.random(in: 0...UInt64.max)
            if let count = printPlan {
                var plan = DemoPlan(seed: seed, speed: speed)
                for _ in 0..<max(0, count) { print(Self.summary(plan.next())) }
                return
            }
            let environment = ProcessInfo.processInfo.environment
            let directory = ServerDataDirectory.defaultRoot(environment: environment).deletingLastPathComponent()
                .appendingPathComponent("demo-\(getpid())", isDirectory: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            do {
                try FileManager.default.createDirectory(
                    at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                try DemoPolicies.text(executable: SelfExecutable.path, speed: speed)
                    .write(to: directory.appendingPathComponent("policies.toml"), atomically: true, encoding: .utf8)
            } catch {
                printError("cannot prepare the demo directory \(directory.path): \(error.localizedDescription)")
                throw ExitStatus.failure
            }
            let local = try await LocalServer.startOrExit(directory: directory, port: 0, fallbackToFreePort: false)
            let agents: Task<Void, Never>
            do {
                agents = try Self.agents(local: local, seed: seed, speed: speed)
            } catch {
                await local.stop()
                throw error
            }
            defer { agents.cancel() }
            try await look.open(local: local, resolved: ResolvedConfiguration())
        }

        static func agents(local: LocalServer, seed: UInt64, speed: Double) throws -> Task<Void, Never> {
            let approverToken = try local.token(for: .approver)
            let colleagueToken: String
            do {
                colleagueToken = try ApprovalServer.createToken(
                    role: .approver, name: "colleague", dataDirectory: local.directory.root)
            } catch {
                printError("cannot create the demo colleague's token: \(error)")
                throw ExitStatus.failure
            }
            let transport = URLSessionTransport(timeout: 30)
            let agents = DemoAgents(
                agent: AgentClient(server: local.url, token: try local.token(for: .agent), transport: transport),
                approver: try ConnectionOptions.client(server: local.url, token: approverToken),
                colleague: try ConnectionOptions.client(server: local.url, token: colleagueToken),
                approverToken: approverToken, seed: seed, speed: speed)
            return Task { await agents.run() }
        }

        /// One line per planned call for `--print-plan`: delay, agent, tool, sizes (no raw text).
        static func summary(_ step: DemoPlan.Step) -> String {
            let arguments = (try? JSONEncoder.preloop().encode(step.call.arguments)).map(\.count) ?? 0
            let reason = step.call.justification.map { "\($0.count) characters" } ?? "none"
            return "\(step.delay) \(step.call.agentName ?? "-") \(step.call.toolName.unicodeScalars.map { $0.isASCII ? String($0) : "\\u{\(String($0.value, radix: 16))}" }.joined()) "
                + "args \(arguments) bytes, justification \(reason)\(step.isHostile ? ", hostile" : "")"
        }
    }
}

/// This program's own path, for commands the demo server runs (`demo-agent`, tools).
enum SelfExecutable {
    static var path: String {
        #if os(Linux)
            if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
                return resolved
            }
        #endif
        if let url = Bundle.main.executableURL { return url.resolvingSymlinksInPath().path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
