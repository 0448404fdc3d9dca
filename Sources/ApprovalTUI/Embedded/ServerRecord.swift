import Foundation

/// `DIR/server.json`: where the owner of a data directory listens, for the processes that
/// could not take its lock. Written after the server listens, removed when it stops.
struct ServerRecord: Codable, Equatable, Sendable {
    var url: String
    var pid: Int32

    static func file(in directory: URL) -> URL { directory.appendingPathComponent("server.json") }

    func write(in directory: URL) throws(EmbeddedServerError) {
        let file = Self.file(in: directory)
        do {
            let data = try JSONEncoder().encode(self)
            try data.write(to: file, options: .atomic)
        } catch {
            throw .storage("cannot write \(file.path): \(error.localizedDescription)")
        }
    }

    /// The record, or nil when the file is missing or not ours.
    static func read(in directory: URL) -> ServerRecord? {
        guard let data = try? Data(contentsOf: file(in: directory)) else { return nil }
        return try? JSONDecoder().decode(ServerRecord.self, from: data)
    }

    static func remove(in directory: URL) {
        try? FileManager.default.removeItem(at: file(in: directory))
    }
}
