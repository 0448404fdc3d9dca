import Foundation

/// Finds the `approval-tui` release binary the pseudo-terminal figures drive, building it first.
enum ConsoleBinary {
    /// `explicit` when given; else `approval-tui` beside this executable, after
    /// `swift build -c release --product approval-tui` in the package holding it (a no-op when up to date).
    static func locate(explicit: String?) throws -> String {
        if let explicit { return explicit }
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let binary = own.deletingLastPathComponent().appendingPathComponent("approval-tui").path
        var root = own.deletingLastPathComponent()
        while root.path != "/", root.lastPathComponent != ".build" { root.deleteLastPathComponent() }
        if root.lastPathComponent == ".build" {
            let build = Process()
            build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            build.arguments = ["swift", "build", "-c", "release", "--product", "approval-tui"]
            build.currentDirectoryURL = root.deletingLastPathComponent()
            build.standardOutput = FileHandle.standardError
            try build.run()
            build.waitUntilExit()
            guard build.terminationStatus == 0 else {
                throw BenchmarkError.childFailed("swift build --product approval-tui failed")
            }
        }
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchmarkError.childFailed("no approval-tui at \(binary); pass --tui PATH")
        }
        return binary
    }
}
