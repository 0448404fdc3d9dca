import ApprovalClient
import ApprovalModel
import ApprovalServer
import ApprovalViewModels
import ArgumentParser
import Foundation
import ProcessSupport
#if canImport(Glibc)
    import Glibc
#endif

extension ApprovalTUICommand {
    /// `approval-tui agents connect NAME`: the gateway added to that agent's own settings file.
    struct AgentsConnect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "connect",
            abstract: "Add the approval gateway (approval-tui mcp) to an agent's MCP settings.",
            discussion: "Edits only where the entry goes: every other setting, comment and key order stays. The file "
                + "before the change is kept as FILE.approval-tui-backup. Running it again changes nothing. Agents: "
                + AgentKind.allCases.map(\.rawValue).joined(separator: ", ") + ".")

        @Argument(help: "The agent: \(AgentKind.allCases.map(\.rawValue).joined(separator: ", ")).") var agent: String
        @Flag(name: .long, help: "Print what would change, and change nothing.") var dryRun = false
        @Flag(name: .long, help: ArgumentHelp(
            "Wire the agent to the local server's /mcp/v1 over streamable HTTP instead of starting approval-tui mcp; "
                + "the header reads the agent token from $\(GatewayEntry.tokenVariable), never written into the file."))
        var http = false
        @Option(name: .long, help: ArgumentHelp(
            "With --http: the local server's address on this machine (default: the running one's, else http://127.0.0.1:8600).",
            valueName: "url"))
        var url: String?

        func validate() throws {
            if url != nil && !http { throw ValidationError("--url goes with --http") }
        }

        func run() throws {
            let (kind, location, text) = try AgentFileTarget.resolve(agent)
            var entry = GatewayEntry(program: AgentFileTarget.program())
            if http {
                if let refusal = GatewayEntry.httpRefusal(for: kind) {
                    printError(refusal)
                    throw ExitStatus.failure
                }
                entry.url = try Self.endpoint(url)
            }
            let result: String
            do throws(AgentConfigEdit.Refusal) {
                result = try AgentConfigEdit.connect(text, at: location, entry: entry)
            } catch {
                printError("\(location.path): \(error.description)")
                throw ExitStatus.failure
            }
            if result == text {
                // Wired already: say how, when that is not the way asked for.
                let wired = (try? AgentScan.servers(in: text ?? "", location))?.first { $0.target == .gateway }
                let how = wired?.url == nil ? "over stdio" : "over HTTP at \(PlainText.line(wired?.url ?? ""))"
                let switching = (entry.url != nil) != (wired?.url != nil) || (entry.url != nil && wired?.url != entry.url)
                SafeOutput.text("\(kind.displayName) already goes through the approval gateway \(how) (\(PlainText.line(location.path)))"
                    + (switching ? "; to change that, run approval-tui agents disconnect \(kind.rawValue) first" : ""))
                return
            }
            try AgentFileTarget.apply(result, over: text, at: location, dryRun: dryRun)
            if !dryRun {
                SafeOutput.text("\(kind.displayName) now goes through the approval gateway: added \"\(entry.name)\" to \(PlainText.line(location.path)); restart the agent")
                if let endpoint = entry.url {
                    let tokenFile = ServerDataDirectory(root: ServerDataDirectory.defaultRoot()).agentTokenFile.path
                    SafeOutput.text("""
                        over HTTP at \(PlainText.line(endpoint)): start the agent with the agent token in its environment \
                        (the file holds no token): export \(GatewayEntry.tokenVariable)="$(cat \(PlainText.line(tokenFile)))"
                        """)
                }
            }
        }

        /// The gateway's HTTP endpoint: `given` (a local server's address, `/mcp/v1` added when it
        /// names no path), else the running local server's, else port 8600 (or `APPROVAL_TUI_PORT`).
        /// Only this machine: an agent token sent elsewhere would leave it.
        static func endpoint(_ given: String?) throws -> String {
            var base: URL
            if let given {
                guard let parsed = URL(string: given), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
                    let host = parsed.host, MCPServerEntry.isLoopback(host.lowercased()),
                    parsed.user == nil, parsed.password == nil, parsed.query == nil, parsed.fragment == nil
                else {
                    printError("--url \(PlainText.line(given)) is not an http:// address on this machine (127.0.0.1, ::1 or localhost, no user, query or fragment)")
                    throw ExitStatus.usage
                }
                base = parsed
            } else if let running = try? LocalServer.attach(directory: ServerDataDirectory.defaultRoot(), patience: .milliseconds(500)) {
                base = running.url
            } else {
                let port = try ApprovalTUICommand.Console.embeddedPort(environment: ProcessInfo.processInfo.environment)
                base = URL(string: "http://127.0.0.1:\(port == 0 ? 8600 : port)")!
            }
            let path = base.path
            if path.isEmpty || path == "/" { base = base.appendingPathComponent("mcp/v1") }
            guard base.path == "/mcp/v1" || base.path == "/mcp/v1/" else {
                printError("--url \(PlainText.line(base.absoluteString)) names another path; give the server's address (the gateway is its /mcp/v1)")
                throw ExitStatus.usage
            }
            return base.absoluteString
        }
    }

    /// `approval-tui agents disconnect NAME`: the gateway entry taken out again.
    struct AgentsDisconnect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disconnect",
            abstract: "Take the approval gateway out of an agent's MCP settings.")

        @Argument(help: "The agent: \(AgentKind.allCases.map(\.rawValue).joined(separator: ", ")).") var agent: String
        @Option(name: .long, help: "The server's name in the agent's settings.") var name = "approval"
        @Flag(name: .long, help: "Print what would change, and change nothing.") var dryRun = false

        func run() throws {
            let (kind, location, text) = try AgentFileTarget.resolve(agent)
            guard let text else {
                SafeOutput.text("\(kind.displayName) has no settings file (\(PlainText.line(location.path))); nothing to take out")
                return
            }
            let result: String?
            do throws(AgentConfigEdit.Refusal) {
                result = try AgentConfigEdit.disconnect(text, at: location, name: name)
            } catch {
                printError("\(location.path): \(error.description)")
                throw ExitStatus.failure
            }
            guard let result else {
                SafeOutput.text("\(kind.displayName) has no server named \"\(PlainText.line(name))\" in \(PlainText.line(location.path)); nothing to take out")
                return
            }
            try AgentFileTarget.apply(result, over: text, at: location, dryRun: dryRun)
            if !dryRun { SafeOutput.text("took \"\(PlainText.line(name))\" out of \(PlainText.line(location.path)); restart the agent") }
        }
    }
}

/// Which file `connect` and `disconnect` edit, and how they write it.
enum AgentFileTarget {
    /// The agent's user settings file: the first that exists, else where the agent looks first.
    static func resolve(_ name: String) throws -> (AgentKind, AgentConfigLocation, String?) {
        guard let kind = AgentKind(rawValue: name) else {
            printError("unknown agent \"\(PlainText.line(name))\"; known: \(AgentKind.allCases.map(\.rawValue).joined(separator: ", "))")
            throw ExitStatus.usage
        }
        let environment = ProcessInfo.processInfo.environment
        guard let home = environment["HOME"], home.hasPrefix("/") else {
            printError("HOME is not set to an absolute path: cannot find the agent's settings")
            throw ExitStatus.usage
        }
        let candidates = AgentLocations.all(home: home, environment: environment, workingDirectory: nil).filter { $0.agent == kind }
        let files = LocalFileSystem.agentSettings
        for location in candidates {
            switch files.readText(atPath: location.path) {
            case .text(let text): return (kind, location, text)
            case .unreadable(let reason):
                printError("cannot read \(location.path): \(reason)")
                throw ExitStatus.failure
            case .missing: continue
            }
        }
        return (kind, candidates[0], nil)
    }

    /// This program as it was started, made absolute but with its links kept: the agent starts
    /// the same `~/.local/bin/approval-tui` after an upgrade replaces what it points at.
    static func program() -> String {
        let invoked = CommandLine.arguments[0]
        if invoked.contains("/") { return URL(fileURLWithPath: invoked).standardizedFileURL.path }
        if let found = ExecutableLookup.resolve(invoked, environment: ProcessInfo.processInfo.environment) { return found.path }
        return (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? invoked
    }

    /// Writes `result` (or prints the change with `dryRun`): the old file kept as a backup, the
    /// new one written whole under a temporary name and renamed over it, its mode kept.
    static func apply(_ result: String, over original: String?, at location: AgentConfigLocation, dryRun: Bool) throws {
        if dryRun {
            for line in LineDiff.lines(from: original ?? "", to: result, path: location.path) { SafeOutput.text(line) }
            return
        }
        let manager = FileManager.default
        // A settings file kept as a link (dotfiles) is edited where it really is; the link stays.
        let path = URL(fileURLWithPath: location.path).resolvingSymlinksInPath().path
        do {
            try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var mode = 0o600
            if let original {
                var info = stat()
                if stat(path, &info) == 0 { mode = Int(info.st_mode) & 0o666 }
                // The backup may hold tokens: only the owner reads it, whatever the file's mode.
                let backup = path + ".approval-tui-backup"
                if (try? manager.attributesOfItem(atPath: backup))?[.type] as? FileAttributeType == .typeDirectory {
                    throw CocoaError(.fileWriteFileExists)
                }
                try? manager.removeItem(atPath: backup)
                guard manager.createFile(atPath: backup, contents: Data(original.utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw CocoaError(.fileWriteUnknown)
                }
            }
            try Data(result.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            try manager.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        } catch {
            printError("cannot write \(path): \(error.localizedDescription)")
            throw ExitStatus.failure
        }
    }
}

/// The lines that differ between two texts, as `diff -u` marks them (one hunk: the common
/// lines before and after are left out).
enum LineDiff {
    static func lines(from old: String, to new: String, path: String) -> [String] {
        let a = old.utf8.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let b = new.utf8.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var out = ["--- \(PlainText.line(path))", "+++ \(PlainText.line(path))", "@@ line \(prefix + 1) @@"]
        out += a[prefix..<(a.count - suffix)].map { "-" + PlainText.line($0, limit: 400) }
        out += b[prefix..<(b.count - suffix)].map { "+" + PlainText.line($0, limit: 400) }
        return out
    }
}
