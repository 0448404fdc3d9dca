import ApprovalModel
import Foundation
import Yams

/// Preloop's own CLI settings (`~/.preloop/config.yaml`), read with Yams (libyaml underneath).
///
/// Only the top-level `api_url`, `access_token` and `refresh_token` are read; every other key,
/// whatever it holds (nested mappings, lists, anchors), is left alone. A value is text in any
/// YAML form (plain, quoted, block); `null`, `~` or nothing means no value. A value that is a list
/// or a mapping, a duplicate key, a control character (a NUL would end the token early in a
/// header) and every syntax error throw ``ConfigurationError/malformedFile(path:line:column:message:)``
/// with libyaml's line and column.
public struct PreloopConfigFile: Equatable, Sendable {
    public var apiURL: ConfigSetting<String>?
    public var accessToken: ConfigSetting<String>?
    public var refreshToken: ConfigSetting<String>?

    public init(
        apiURL: ConfigSetting<String>? = nil, accessToken: ConfigSetting<String>? = nil,
        refreshToken: ConfigSetting<String>? = nil
    ) {
        self.apiURL = apiURL
        self.accessToken = accessToken
        self.refreshToken = refreshToken
    }

    /// Reads `text`; `path` is used in error messages.
    public init(parsing text: String, path: String) throws(ConfigurationError) {
        self.init()
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.error(from: error, path: path)
        } catch {
            throw .malformedFile(path: path, line: 1, column: nil, message: "not valid YAML: \(error)")
        }
        guard let root, root.null == nil else { return }
        guard case .mapping(let mapping) = root else {
            throw Self.fail(path, at: root.mark, "expected `key: value` pairs at the top level, found \(Self.kind(of: root))")
        }
        for (key, value) in mapping {
            guard let name = key.scalar?.string, let slot = Self.slot(name) else { continue }
            let setting = try Self.setting(named: name, value, path: path)
            switch slot {
            case .apiURL: apiURL = setting
            case .accessToken: accessToken = setting
            case .refreshToken: refreshToken = setting
            }
        }
    }

    private enum Slot { case apiURL, accessToken, refreshToken }

    private static func slot(_ name: String) -> Slot? {
        switch name {
        case "api_url": .apiURL
        case "access_token": .accessToken
        case "refresh_token": .refreshToken
        default: nil
        }
    }

    private static func setting(named name: String, _ value: Node, path: String) throws(ConfigurationError)
        -> ConfigSetting<String>? {
        guard case .scalar(let scalar) = value else {
            throw fail(path, at: value.mark, "\"\(name)\" must be text, found \(kind(of: value))")
        }
        if value.null != nil { return nil }
        let text = scalar.string
        if let bad = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control && $0 != "\t" }) {
            let code = String(format: "U+%04X", bad.value)
            throw fail(path, at: value.mark, "\"\(name)\" holds the control character \(code); remove it")
        }
        return ConfigSetting(text, line: value.mark?.line ?? 1)
    }

    private static func kind(of node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar: "text"
        }
    }

    private static func fail(_ path: String, at mark: Mark?, _ message: String) -> ConfigurationError {
        .malformedFile(path: path, line: mark?.line ?? 1, column: mark?.column, message: message)
    }

    /// libyaml's problem with its position. A scanner error is placed where the token it was
    /// reading began (the opening quote of an unclosed string, the key that lacks its ':'); libyaml's
    /// own mark is often the next line by then. A parser error keeps libyaml's mark: its context is
    /// the whole enclosing mapping.
    private static func error(from error: YamlError, path: String) -> ConfigurationError {
        switch error {
        case .scanner(let context?, let problem, _, _):
            return fail(path, at: context.mark, "\(problem) (\(context.text))")
        case .scanner(nil, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return fail(path, at: mark, problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return fail(path, at: context.mark, "duplicate key \(names) in this mapping")
        case .reader(let problem, let offset, _, let yaml):
            let position = offset.map { Self.position(ofScalarOffset: $0, in: yaml) }
            return .malformedFile(path: path, line: position?.line ?? 1, column: position?.column, message: problem)
        default:
            return .malformedFile(path: path, line: 1, column: nil, message: "not valid YAML: \(error)")
        }
    }

    /// Line and column (1-based, in Unicode scalars) of the character `offset` characters into `text`.
    private static func position(ofScalarOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character.isNewline { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
