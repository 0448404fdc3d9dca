import Foundation

/// The vendored Preloop fixtures (`Tests/ApprovalClientTests/Fixtures/`, a copy of
/// `shared/fixtures/preloop`) and the facts of their README table.
enum Fixtures {
    /// One row of the README's REST table: how the fixture was captured.
    struct Row: Sendable, Hashable {
        var file: String
        var method: String
        /// The request path with its query, as captured (e.g. `/api/v1/approval-requests?limit=1`).
        var target: String
        var status: Int
    }

    /// `Tests/ApprovalClientTests/Fixtures/`.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // ApprovalClientTests
        .appendingPathComponent("Fixtures", isDirectory: true)

    /// The package root (the folder holding `Package.swift`).
    static let packageRoot = directory
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shared originals, when this machine has them: `/work/shared/fixtures/preloop` or
    /// `../shared/fixtures/preloop` beside the package root.
    static let sharedDirectory: URL? = {
        let candidates = [
            URL(fileURLWithPath: "/work/shared/fixtures/preloop", isDirectory: true),
            packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/preloop", isDirectory: true),
        ]
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }()

    /// The file names (not paths) of every `.json` fixture, sorted.
    static func jsonNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
    }

    /// The bytes of fixture `name` (with or without `.json`).
    static func data(_ name: String) throws -> Data {
        let file = name.hasSuffix(".json") ? name : name + ".json"
        return try Data(contentsOf: directory.appendingPathComponent(file))
    }

    /// The README's REST rows by file name.
    static let rows: [String: Row] = {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8)
        else { return [:] }
        return parseRows(text)
    }()

    /// The HTTP status fixture `name` was captured with, from the README table.
    static func status(of name: String) -> Int? {
        rows[name.hasSuffix(".json") ? name : name + ".json"]?.status
    }

    /// Reads `| file.json | METHOD | `path` | auth | body | status | … |` rows; other rows are skipped.
    static func parseRows(_ text: String) -> [String: Row] {
        var rows: [String: Row] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("|") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            // cells[0] is the empty text before the first bar.
            guard cells.count >= 8, cells[1].hasSuffix(".json"), let status = Int(cells[6]) else { continue }
            let target = cells[3].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            rows[cells[1]] = Row(file: cells[1], method: cells[2], target: target, status: status)
        }
        return rows
    }
}
