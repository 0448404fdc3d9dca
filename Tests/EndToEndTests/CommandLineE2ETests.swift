import Foundation
import Testing

@Suite(.serialized)
struct CommandLineE2ETests {
    @Test func doctorRefusesDumbTerminalWithAReason() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let driver = try TmuxDriver(arguments: [BuiltBinary.url.path, "doctor"], environment: ["TERM": "dumb"])
        defer { driver.stop() }
        try await driver.waitForRow(containing: "TERM=dumb cannot draw a full-screen console")
    }

    @Test func doctorPassesInsideTmux() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let driver = try TmuxDriver(arguments: [BuiltBinary.url.path, "doctor"], environment: ["NO_COLOR": "1"])
        defer { driver.stop() }
        try await driver.waitForRow(containing: "the console can run here")
        let screen = try driver.screen().joined(separator: "\n")
        #expect(screen.contains("120x40"))
        #expect(screen.contains("NO_COLOR is set"))
    }
}
