import ApprovalViewModels
import Foundation

extension ThemeLoader {
    /// Reads theme files from the local file system (the view models read none themselves);
    /// a missing file is `nil`.
    static let localFiles: FileReader = { path in
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return .success(try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            return .failure(.unreadable(file: path, reason: error.localizedDescription))
        }
    }
}
