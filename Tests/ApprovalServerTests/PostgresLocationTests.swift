@testable import ApprovalServer
import Foundation
import Testing

/// A team's database address comes from a command line, a config file or the environment: every
/// bad one is refused with words that say how to fix it, and no password ever rides in it.
struct PostgresLocationTests {
    static func refusal(_ address: String) -> String? {
        do {
            _ = try PostgresLocation(address: address)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aPlainAddressReadsWithLoopbackDefaults() throws {
        let location = try PostgresLocation(address: "postgres://team@127.0.0.1:6543/gate")
        #expect(location.host == "127.0.0.1")
        #expect(location.port == 6543)
        #expect(location.user == "team")
        #expect(location.database == "gate")
        #expect(location.security == .disable)
        let bare = try PostgresLocation(address: "postgresql://db.example.com")
        #expect(bare.port == 5432)
        #expect(bare.user == "approval")
        #expect(bare.database == "approval")
        // Off loopback the default is TLS or nothing.
        #expect(bare.security == .require)
        #expect(try PostgresLocation(address: "postgres://db.example.com/x?sslmode=prefer").security == .prefer)
    }

    @Test func aPasswordInTheAddressIsRefusedAndNeverEchoed() {
        let message = Self.refusal("postgres://team:hunter2@db.example.com/gate")
        #expect(message?.contains(PostgresLocation.passwordVariable) == true)
        #expect(message?.contains("hunter2") == false)
        // Nor does a location with a password show it.
        let location = try? PostgresLocation(address: "postgres://team@db.example.com/gate", password: "hunter2")
        #expect(location?.description == "postgres://team@db.example.com:5432/gate")
    }

    @Test(arguments: [
        "postgres://db\u{0}.example.com/gate", "postgres://db.example.com/ga\u{1B}[2Jte", "postgres://db\n.example.com",
        "postgres://db.example.com/\u{9B}31m",
    ])
    func controlCharactersAreRefusedByCodePoint(_ address: String) {
        #expect(Self.refusal(address)?.contains("control character U+") == true)
    }

    @Test func hostileShapesAreRefusedInWords() throws {
        let long = "postgres://db.example.com/" + String(repeating: "a", count: 4_000)
        #expect(Self.refusal(long)?.contains("at most 2048") == true)
        #expect(Self.refusal("mysql://db.example.com/gate")?.contains("only postgres://") == true)
        #expect(Self.refusal("just words")?.contains("postgres://") == true)
        #expect(Self.refusal("postgres:///gate")?.contains("names no host") == true)
        #expect(Self.refusal("postgres://db.example.com:0/gate")?.contains("between 1 and 65535") == true)
        #expect(Self.refusal("postgres://db.example.com:65536/gate")?.contains("between 1 and 65535") == true)
        // A port past 2^63 is not a number URLComponents reads: refused, not wrapped around.
        #expect(Self.refusal("postgres://db.example.com:99999999999999999999/gate")?.contains("between 1 and 65535") == true)
        #expect(Self.refusal("postgres://db.example.com:-1/gate")?.contains("between 1 and 65535") == true)
        #expect(try PostgresLocation(address: "postgres://u@[::1]:7000/gate").port == 7000)
        #expect(Self.refusal("postgres://db.example.com/a/b")?.contains("holds a /") == true)
        #expect(Self.refusal("postgres://db.example.com/gate?options=-c%20x")?.contains("unknown setting options") == true)
        #expect(Self.refusal("postgres://db.example.com/gate?sslmode=verify-full")?.contains("disable, prefer or require") == true)
    }

    @Test func thePasswordComesFromTheEnvironmentThenTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("password")
        try Data("s3cret\nsecond line\n".utf8).write(to: file)
        #expect(try PostgresLocation.password(environment: [:], file: file) == "s3cret")
        #expect(try PostgresLocation.password(environment: [PostgresLocation.passwordVariable: "env"], file: file) == "env")
        #expect(try PostgresLocation.password(environment: [:], file: nil) == nil)
        let missing = folder.appendingPathComponent("absent")
        #expect(throws: PostgresLocationError.self) { try PostgresLocation.password(environment: [:], file: missing) }
        let withNUL = folder.appendingPathComponent("nul")
        try Data("pass\u{0}word".utf8).write(to: withNUL)
        #expect(throws: PostgresLocationError.invalid("the password file \(withNUL.path) holds a NUL byte, which no PostgreSQL password can")) {
            try PostgresLocation.password(environment: [:], file: withNUL)
        }
        let binary = folder.appendingPathComponent("binary")
        try Data([0xFF, 0xFE, 0x00]).write(to: binary)
        #expect(throws: PostgresLocationError.self) { try PostgresLocation.password(environment: [:], file: binary) }
    }

    @Test func theTeamDatabaseComesFromTheFlagThenTheEnvironment() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("team-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("password")
        try Data("from-file\n".utf8).write(to: file)
        // Nothing asked for: SQLite.
        #expect(try TeamDatabase.resolve(address: nil, passwordFile: nil, environment: [:]) == nil)
        #expect(try TeamDatabase.resolve(address: nil, passwordFile: nil, environment: [PostgresLocation.addressVariable: ""]) == nil)
        // The flag wins over the environment's address; the password file is read.
        let flagged = try TeamDatabase.resolve(
            address: "postgres://team@db.example.com/gate", passwordFile: file.path,
            environment: [PostgresLocation.addressVariable: "postgres://other@elsewhere/x"])
        #expect(flagged?.description == "postgres://team@db.example.com:5432/gate")
        #expect(flagged?.password == "from-file")
        // The environment alone: its address, and a password file it names.
        let fromEnvironment = try TeamDatabase.resolve(
            address: nil, passwordFile: nil,
            environment: [PostgresLocation.addressVariable: "postgres://ops@db/gate", TeamDatabase.passwordFileVariable: file.path])
        #expect(fromEnvironment?.host == "db")
        #expect(fromEnvironment?.password == "from-file")
        // A password file with no database is a mistake, said so.
        #expect(throws: PostgresLocationError.self) {
            try TeamDatabase.resolve(address: nil, passwordFile: file.path, environment: [:])
        }
        // The environment's address is read as strictly as the flag.
        #expect(throws: PostgresLocationError.self) {
            try TeamDatabase.resolve(
                address: nil, passwordFile: nil, environment: [PostgresLocation.addressVariable: "postgres://u:leak@db/x"])
        }
    }
}
