import Foundation
import Testing

/// The console paints what it last knew at once, marked as cached, when the server is away.
@Suite(.serialized)
struct CachedSnapshotE2ETests {
    @Test func aRestartWithTheServerDownShowsTheLastKnownRequestsMarkedCached() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        try await fixture.submitToolCall("rotate_keys", args: ["scope": "prod"], justification: "quarterly rotation")

        let first = try TmuxDriver(arguments: fixture.consoleArguments(), environment: fixture.consoleEnvironment)
        try await first.waitForRow(containing: "rotate_keys")
        try first.press("q")
        try await first.waitForExit()
        first.stop()

        await fixture.stopServerOnly()
        let second = try TmuxDriver(arguments: fixture.consoleArguments(), environment: fixture.consoleEnvironment)
        defer { second.stop() }
        // Never an empty queue as if nothing waited: the request is there, and the screen says it is cached.
        try await second.waitForRow(containing: "rotate_keys")
        try await second.waitForRow(containing: "cached")
    }
}
