/// A `:` command.
public enum ConsoleCommand: Equatable, Sendable {
    case queue, flows, policies, journal, history, rules, help, quit
    case theme(String)
    case server(String)

    /// Every command word, for completion and help.
    public static let names = ["queue", "flows", "policies", "journal", "history", "rules", "theme", "server", "status", "help", "quit"]

    /// Short forms.
    static let aliases: [String: String] = [
        "q": "quit", "quit!": "quit", "exit": "quit", "qa": "queue", "pending": "queue", "requests": "queue",
        "fl": "flows", "flow": "flows", "runs": "flows", "executions": "flows",
        "pol": "policies", "policy": "policies", "po": "policies", "skin": "theme", "h": "help", "?": "help",
        "jo": "journal", "hi": "history", "decided": "history", "rule": "rules", "ru": "rules",
    ]

    /// Parses the text typed after `:`.
    public static func parse(_ line: String) -> Result<ConsoleCommand, CommandError> {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first?.lowercased() else { return .failure(.empty) }
        let word = aliases[first] ?? first
        let argument = words.dropFirst().joined(separator: " ")
        switch word {
        case "queue": return .success(.queue)
        case "flows": return .success(.flows)
        case "policies": return .success(.policies)
        case "journal": return .success(.journal)
        case "history": return .success(.history)
        case "rules": return .success(.rules)
        case "help", "status": return .success(.help)  // the overlay opens on the connection's status
        case "quit": return .success(.quit)
        case "theme", "server":
            guard !argument.isEmpty else { return .failure(.missingArgument(command: word)) }
            return .success(word == "theme" ? .theme(argument) : .server(argument))
        default: return .failure(.unknown(first))
        }
    }
}

/// Why a `:` command could not be run; shown on the status line.
public enum CommandError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case unknown(String)
    case missingArgument(command: String)

    public var description: String {
        switch self {
        case .empty: "type a command: " + ConsoleCommand.names.joined(separator: ", ")
        case .unknown(let word): "unknown command \"\(word)\"; try " + ConsoleCommand.names.joined(separator: ", ")
        case .missingArgument(let command): ":\(command) needs a name, as in :\(command) NAME"
        }
    }
}
