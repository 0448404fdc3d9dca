import ApprovalClient
import ApprovalModel
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

        func run() throws {
            let (kind, location, text) = try AgentFileTarget.resolve(agent)
            let entry = GatewayEntry(program: AgentFileTarget.program())
            let result: String
            do throws(AgentConfigEdit.Refusal) {
                result = try AgentConfigEdit.connect(text, at: location, entry: entry)
            } catch {
                printError("\(location.path): \(error.description)")
                throw ExitStatus.failure
            }
            if result == text {
                SafeOutput.text("\(kind.displayName) already goes through the approval gateway (\(PlainText.line(location.path)))")
                return
            }
            try AgentFileTarget.apply(result, over: text, at: location, dryRun: dryRun)
            if !dryRun {
                SafeOutput.text("\(kind.displayName) now goes through the approval gateway: added \"\(entry.name)\" to \(PlainText.line(location.path)); restart the agent")
            }
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
