import ApprovalServer
import ApprovalViewModels
import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui token …`: principals and tokens of the local server.
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage principals and tokens of the local approval server.",
            discussion: """
                Every token belongs to a named principal with one role: an approver decides, an agent asks. \
                The server keeps only SHA-256 digests, so a secret is shown once, when it is made. Each \
                command works while the server runs on the same data directory.
                """,
            subcommands: [Create.self, List.self, Revoke.self])

        /// `approval-tui token create --name N --role approver|agent`.
        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a token for a principal (made when new) and print its secret once.",
                discussion: """
                    The secret is the last line of standard output. Exit 0 when made; 1 when the name is \
                    unusable, belongs to a principal of the other role, or the data directory cannot be written.
                    """)

            @Option(name: .long, help: "The principal: a person or an agent (letters, digits, . _ - @).")
            var name: String

            @Option(name: .long, help: "approver (reads and decides) or agent (creates tool calls).")
            var role: TokenRole

            @OptionGroup var data: DataDirectoryOption
            @OptionGroup var team: TeamDatabaseOption

            func run() async throws {
                let directory = data.root
                let database = try team.location()
                do {
                    let issued = if let database {
                        try await ApprovalServer.issueToken(role: role, name: name, database: database)
                    } else {
                        try ApprovalServer.issueToken(role: role, name: name, dataDirectory: directory)
                    }
                    print("token \(issued.record.id) for \(issued.record.role.rawValue) '\(issued.record.name)'; "
                        + "the secret below is shown only now:")
                    print(issued.secret)
                } catch {
                    printError("cannot create a token in \(database.map { "\($0)" } ?? directory.path): \(error)")
                    throw ExitStatus.failure
                }
            }
        }

        /// `approval-tui token list [--json]`.
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the tokens that work: id, principal, role, created, last used (never a secret).")

            @Flag(name: .long, help: "Print JSON instead of a table.")
            var json = false

            @OptionGroup var data: DataDirectoryOption
            @OptionGroup var team: TeamDatabaseOption

            func run() async throws {
                let records: [TokenRecord]
                let database = try team.location()
                do {
                    records = if let database {
                        try await ApprovalServer.listTokens(database: database)
                    } else {
                        try ApprovalServer.listTokens(dataDirectory: data.root)
                    }
                } catch {
                    printError("cannot read the tokens in \(database.map { "\($0)" } ?? data.root.path): \(error)")
                    throw ExitStatus.failure
                }
                if json {
                    let encoder = JSONEncoder()
                    encoder.dateEncodingStrategy = .iso8601
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    print(String(decoding: try encoder.encode(records), as: UTF8.self))
                    return
                }
                for line in TokenTable.lines(records) { print(line) }
            }
        }

        /// `approval-tui token revoke NAME|ID`.
        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Revoke one token (by id) or every token of a principal (by name).",
                discussion: "Takes effect on the server's next request; an open push socket using the token is closed within 5 s. Exit 0 when revoked; 1 when nothing matched.")

            @Argument(help: "A token id (as `token list` prints it) or a principal's name.")
            var target: String

            @OptionGroup var data: DataDirectoryOption
            @OptionGroup var team: TeamDatabaseOption

            func run() async throws {
                let database = try team.location()
                do {
                    let revoked = if let database {
                        try await ApprovalServer.revokeToken(target, database: database)
                    } else {
                        try ApprovalServer.revokeToken(target, dataDirectory: data.root)
                    }
                    for record in revoked {
                        print("revoked \(record.id) (\(record.role.rawValue) '\(record.name)')")
                    }
                } catch {
                    printError("cannot revoke: \(error)")
                    throw ExitStatus.failure
                }
            }
        }
    }
}

/// `--data-dir`, for the commands that open the local server's files directly.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (default $XDG_STATE_HOME/approval-tui/server).")
    var dataDirectory: String?

    var root: URL {
        dataDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? ServerDataDirectory.defaultRoot()
    }
}

/// `token list` as aligned columns.
enum TokenTable {
    static func lines(_ records: [TokenRecord]) -> [String] {
        let formatter = ISO8601DateFormatter()
        let rows = records.map { record in
            [record.id, PlainText.line(record.name, limit: 64), record.role.rawValue, formatter.string(from: record.createdAt),
             record.lastUsedAt.map(formatter.string(from:)) ?? "never"]
        }
        let header = ["ID", "NAME", "ROLE", "CREATED", "LAST USED"]
        let widths = (0..<header.count).map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        return ([header] + rows).map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
    }
}

extension TokenRole: ExpressibleByArgument {}

/// `--database` and `--database-password-file`: a team's PostgreSQL database instead of the data
/// dir's SQLite file (also `APPROVAL_DATABASE_URL`, `APPROVAL_DATABASE_PASSWORD`,
/// `APPROVAL_DATABASE_PASSWORD_FILE`).
struct TeamDatabaseOption: ParsableArguments {
    @Option(name: .long, help: "A team's PostgreSQL database, postgres://USER@HOST:PORT/NAME (no password).")
    var database: String?

    @Option(name: .customLong("database-password-file"), help: "A file whose first line is the database password.")
    var databasePasswordFile: String?

    /// The database asked for, nil for none; a bad address or password source exits 2 with the reason.
    func location() throws -> PostgresLocation? {
        do {
            return try TeamDatabase.resolve(
                address: database, passwordFile: databasePasswordFile, environment: ProcessInfo.processInfo.environment)
        } catch {
            printError(error.description)
            throw ExitStatus.usage
        }
    }
}
