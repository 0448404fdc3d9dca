import Foundation
import Testing
@testable import ApprovalViewModels

/// Golden files for rendered screens: `Snapshots/<Screen>/<case>-<cols>x<rows>.txt` holds one row
/// per line between `|` bars; `.roles.txt` holds a legend then one role letter per cell.
/// A missing or different file fails; `RECORD_SNAPSHOTS=1` writes them instead.
enum SnapshotAssertion {
    static func text(of buffer: ScreenBuffer) -> String {
        buffer.textRows().map { "|\($0)|" }.joined(separator: "\n") + "\n"
    }

    static func roles(of buffer: ScreenBuffer) -> String {
        let legend = buffer.rolesUsed().map { "# \($0.snapshotLetter) = \($0.rawValue)" }
        return (legend + buffer.roleRows().map { "|\($0)|" }).joined(separator: "\n") + "\n"
    }

    static func assertMatches(
        _ buffer: ScreenBuffer, screen: String, name: String, filePath: String = #filePath,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Snapshots").appendingPathComponent(screen)
        let base = "\(name)-\(buffer.size.columns)x\(buffer.size.rows)"
        let files = [(base + ".txt", text(of: buffer)), (base + ".roles.txt", roles(of: buffer))]
        let recording = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        for (file, actual) in files {
            let url = directory.appendingPathComponent(file)
            if recording {
                try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try? actual.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
                Issue.record("missing snapshot \(screen)/\(file); record with RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
                continue
            }
            if expected != actual {
                Issue.record("snapshot \(screen)/\(file) differs:\n\(difference(expected, actual))", sourceLocation: sourceLocation)
            }
        }
    }

    /// The differing rows, numbered, expected above actual.
    static func difference(_ expected: String, _ actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        return (0..<max(a.count, b.count)).compactMap { index -> String? in
            let left = index < a.count ? String(a[index]) : "<none>"
            let right = index < b.count ? String(b[index]) : "<none>"
            return left == right ? nil : "row \(index):\n- \(left)\n+ \(right)"
        }.joined(separator: "\n")
    }
}
