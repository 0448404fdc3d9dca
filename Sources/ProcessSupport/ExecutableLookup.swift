import Foundation

/// Finds argv[0] the way `execvp` would: a path with a slash as is, otherwise along `PATH`.
public enum ExecutableLookup {
    /// The executable `name` names, or nil when there is none.
    public static func resolve(_ name: String, environment: [String: String]) -> URL? {
        if name.contains("/") {
            return FileManager.default.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        return nil
    }
}
