import Foundation
import Testing
@testable import ApprovalClient
@testable import ApprovalModel

/// A fresh directory under the system temp folder, removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("approval-tui-config-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

@Suite struct LocalFileSystemTests {
    let files = LocalFileSystem()

    @Test func readsTextAndTellsMissingFromUnreadable() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/a.toml"
            try "x = 1\n".write(toFile: path, atomically: true, encoding: .utf8)
            #expect(files.readText(atPath: path) == .text("x = 1\n"))
            #expect(files.readText(atPath: directory + "/absent") == .missing)
            #expect(files.readText(atPath: path + "/below-a-file") == .missing)
            #expect(files.readText(atPath: directory) == .unreadable(reason: "it is a directory"))
            try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: directory + "/bin"))
            #expect(files.readText(atPath: directory + "/bin") == .unreadable(reason: "it is not UTF-8 text"))
        }
    }

    @Test func aHugeFileOrADeviceThatNeverEndsIsRefusedNotReadToTheEnd() throws {
        try withTemporaryDirectory { directory in
            let big = directory + "/config.yaml"
            try Data(repeating: 0x61, count: LocalFileSystem.limit + 1).write(to: URL(fileURLWithPath: big))
            #expect(files.readText(atPath: big) == .unreadable(reason: "it is larger than 1 MiB; a config or token file is far smaller"))
            let fits = directory + "/fits"
            try Data(repeating: 0x61, count: LocalFileSystem.limit).write(to: URL(fileURLWithPath: fits))
            #expect(files.readText(atPath: fits) == .text(String(repeating: "a", count: LocalFileSystem.limit)))
            #expect(files.readText(atPath: "/dev/zero") == .unreadable(reason: "it is larger than 1 MiB; a config or token file is far smaller"))
            let error = #expect(throws: ConfigurationError.self) {
                try Configuration.resolve(flags: .init(tokenFile: "/dev/zero"), environment: ["HOME": directory], files: files)
            }
            #expect(error?.description.contains("larger than 1 MiB") == true)
        }
    }

    @Test func permissionsAreThePOSIXModeBits() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/t"
            try "t".write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
            #expect(files.permissions(atPath: path) == 0o640)
            #expect(files.permissions(atPath: directory + "/absent") == nil)
        }
    }

    @Test func aTokenFileReadableByOthersGivesAChmodWarning() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/work.token"
            try "secret-token\n".write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            let loose = try Configuration.resolve(
                flags: .init(tokenFile: path), environment: ["HOME": directory], files: files)
            #expect(loose.token == "secret-token")
            #expect(loose.warnings == [
                "token file \(path) can be read by other users (mode 644); run: chmod 600 \(path)",
            ])

            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            let tight = try Configuration.resolve(
                flags: .init(tokenFile: path), environment: ["HOME": directory], files: files)
            #expect(tight.warnings.isEmpty)
        }
    }

    @Test func aRealHomeWithBothFilesResolves() throws {
        try withTemporaryDirectory { home in
            try FileManager.default.createDirectory(
                atPath: home + "/.config/approval-tui", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: home + "/.preloop", withIntermediateDirectories: true)
            try "default_profile = \"local\"\n[profiles.local]\nserver = \"http://127.0.0.1:8600\"\n"
                .write(toFile: home + "/.config/approval-tui/config.toml", atomically: true, encoding: .utf8)
            try "api_url: https://preloop.example\naccess_token: tok\n"
                .write(toFile: home + "/.preloop/config.yaml", atomically: true, encoding: .utf8)
            let resolved = try Configuration.resolve(flags: .init(), environment: ["HOME": home], files: files)
            #expect(resolved.server == URL(string: "http://127.0.0.1:8600"))
            #expect(resolved.profile == "local")
            #expect(resolved.token == "tok")
        }
    }
}
