import Foundation

/// A colour as a theme names it; the terminal maps it to what the screen can show.
public enum ThemeColour: Hashable, Sendable, CustomStringConvertible {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours: 0–7 normal, 8–15 bright.
    case ansi(Int)
    /// An entry of the 256-colour palette.
    case indexed(Int)
    /// A 24-bit colour; terminals without it get the nearest palette entry.
    case rgb(red: Int, green: Int, blue: Int)

    static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses `default`, an ANSI name (`red`, `bright-red`), a palette index `0`–`255` or `#rrggbb`.
    public init?(parsing text: String) {
        let name = text.lowercased().trimmingCharacters(in: .whitespaces)
        if name == "default" || name == "none" {
            self = .terminalDefault
        } else if let index = Self.ansiNames.firstIndex(of: name) {
            self = .ansi(index)
        } else if name.hasPrefix("bright-") || name.hasPrefix("bright"),
            let index = Self.ansiNames.firstIndex(of: String(name.dropFirst(name.hasPrefix("bright-") ? 7 : 6)))
        {
            self = .ansi(index + 8)
        } else if name == "grey" || name == "gray" {
            self = .ansi(8)
        } else if let index = Int(name), (0...255).contains(index) {
            self = .indexed(index)
        } else if name.hasPrefix("#"), name.count == 7, let value = Int(name.dropFirst(), radix: 16) {
            self = .rgb(red: (value >> 16) & 0xFF, green: (value >> 8) & 0xFF, blue: value & 0xFF)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .terminalDefault: "default"
        case .ansi(let index): index < 8 ? Self.ansiNames[index] : "bright-" + Self.ansiNames[index - 8]
        case .indexed(let index): String(index)
        case .rgb(let r, let g, let b): "#" + [r, g, b].map { String(format: "%02x", $0) }.joined()
        }
    }
}
