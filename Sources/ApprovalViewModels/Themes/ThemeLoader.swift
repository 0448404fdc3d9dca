import Foundation

/// Finds and loads themes by name from a list of folders (the user's first, so their files win):
/// typically `$XDG_CONFIG_HOME/approval-tui/themes` and the repository's or installation's `themes/`.
/// `default` and `mono` exist even when no folder has them (`Theme.builtIn`, `Theme.monochrome`).
///
/// ```swift
/// let loader = ThemeLoader(directories: [userThemes, bundledThemes], read: ThemeLoader.localFiles)  // the executable's reader
/// let theme = try loader.load(named: environment["NO_COLOR"] != nil ? "mono" : "default")
/// ```
public struct ThemeLoader: Sendable {
    /// Reads a file: its text, `nil` when there is no such file, or an error text when unreadable.
    /// Handed in by the executable: this module touches no file system.
    public typealias FileReader = @Sendable (String) -> Result<String, ThemeError>?

    public var directories: [String]
    private let read: FileReader

    /// - Parameters:
    ///   - directories: folders searched in order for `<name>.toml`.
    ///   - read: how files are read (the executable hands in the local file system).
    public init(directories: [String], read: @escaping FileReader) {
        self.directories = directories
        self.read = read
    }

    /// The theme called `name`: the first `<folder>/<name>.toml` found, over the built-in theme.
    /// - Throws: `ThemeError` naming the file and line of the first problem, or `.notFound`.
    public func load(named name: String) throws(ThemeError) -> Theme {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw .notFound(name: name, searched: directories)
        }
        for directory in directories {
            let path = (directory as NSString).appendingPathComponent(name + ".toml")
            switch read(path) {
            case nil: continue
            case .failure(let error)?: throw error
            case .success(let text)?: return try ThemeFile.parse(text, file: path, name: name)
            }
        }
        switch name {
        case "default": return .builtIn
        case "mono", "monochrome": return .monochrome
        default: throw .notFound(name: name, searched: directories)
        }
    }

    /// The usual folders, user's first: `$XDG_CONFIG_HOME/approval-tui/themes` (or
    /// `$HOME/.config/approval-tui/themes`), then `bundled` (the installation's `themes/`).
    /// - Parameter environment: the process environment, passed in by the wiring.
    public static func standardDirectories(environment: [String: String], bundled: String) -> [String] {
        var directories: [String] = []
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            directories.append(config + "/approval-tui/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            directories.append(home + "/.config/approval-tui/themes")
        }
        return directories + [bundled]
    }

    /// The theme to start with: `mono` when `NO_COLOR` is set (to anything), else `configured`.
    public static func startingThemeName(configured: String, environment: [String: String]) -> String {
        environment["NO_COLOR"] != nil ? "mono" : configured
    }
}
