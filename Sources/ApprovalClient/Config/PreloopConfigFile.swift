/// Preloop's own CLI settings (`~/.preloop/config.yaml`): flat `key: value` lines.
///
/// Only `api_url`, `access_token` and `refresh_token` are read. Values may be plain,
/// 'single-quoted' or "double-quoted" (with `\"`, `\\`, `\n`, `\t`, `\/`, `\uXXXX`); `null`,
/// `~` or nothing means no value. Unknown keys are skipped together with any indented lines
/// under them. A line that cannot be read throws ``ConfigurationError/malformedFile(path:line:column:message:)``.
public struct PreloopConfigFile: Equatable, Sendable {
    public var apiURL: ConfigSetting<String>?
    public var accessToken: ConfigSetting<String>?
    public var refreshToken: ConfigSetting<String>?

    static let knownKeys = ["api_url", "access_token", "refresh_token"]

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
        var isInsideUnknownKey = false
        var seen: [String: Int] = [:]
        for (offset, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = offset + 1
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed == "---" || trimmed == "..." { continue }
            func fail(_ message: String) -> ConfigurationError {
                .malformedFile(path: path, line: lineNumber, column: nil, message: message)
            }
            if line.first == " " || line.first == "\t" || line.hasPrefix("- ") || line == "-" {
                if isInsideUnknownKey { continue }
                throw fail("expected `key: value` at the start of the line; nested values are not supported here")
            }
            guard let colon = line.firstIndex(of: ":") else { throw fail("expected `key: value`, found no ':'") }
            let key = String(line[..<colon]).trimmingSpaces()
            let rest = line[line.index(after: colon)...]
            guard !key.isEmpty else { throw fail("expected a key before ':'") }
            guard let known = Self.knownKeys.first(where: { $0 == key }) else {
                isInsideUnknownKey = true
                continue
            }
            isInsideUnknownKey = false
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else {
                throw fail("expected a space after \"\(key):\"")
            }
            if let first = seen[known] { throw fail("duplicate key \"\(known)\" (first on line \(first))") }
            seen[known] = lineNumber
            let value: String?
            do throws(YAMLScalarError) {
                value = try Self.scalar(rest.trimmingSpaces())
            } catch {
                throw fail("cannot read the value of \"\(key)\": \(error.reason)")
            }
            guard let value else { continue }
            let setting = ConfigSetting(value, line: lineNumber)
            switch known {
            case "api_url": apiURL = setting
            case "access_token": accessToken = setting
            default: refreshToken = setting
            }
        }
    }

    struct YAMLScalarError: Error {
        let reason: String
    }

    /// One flow scalar: nil for null/empty, the unquoted text otherwise.
    static func scalar(_ text: String) throws(YAMLScalarError) -> String? {
        guard let first = text.first else { return nil }
        switch first {
        case "\"":
            return try doubleQuoted(text)
        case "'":
            return try singleQuoted(text)
        case "[", "{", "|", ">", "&", "*", "!", "%", "@", "`":
            throw YAMLScalarError(reason: "only plain or quoted text is supported, found '\(first)'")
        default:
            var plain = Substring(text)
            if let comment = plain.ranges(of: " #").first { plain = plain[..<comment.lowerBound] }
            let value = String(plain).trimmingSpaces()
            return value == "null" || value == "~" || value == "Null" || value == "NULL" ? nil : value
        }
    }

    private static func singleQuoted(_ text: String) throws(YAMLScalarError) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 1
        while index < scalars.count {
            if scalars[index] == "'" {
                if index + 1 < scalars.count && scalars[index + 1] == "'" {
                    result.append("'")
                    index += 2
                    continue
                }
                try expectNothingAfter(scalars[(index + 1)...])
                return String(result)
            }
            result.append(scalars[index])
            index += 1
        }
        throw YAMLScalarError(reason: "missing closing '")
    }

    private static func doubleQuoted(_ text: String) throws(YAMLScalarError) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 1
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == "\"" {
                try expectNothingAfter(scalars[index...])
                return String(result)
            }
            guard scalar == "\\" else {
                result.append(scalar)
                continue
            }
            let escape = index < scalars.count ? scalars[index] : nil
            index += 1
            switch escape {
            case "\"": result.append("\"")
            case "\\": result.append("\\")
            case "/": result.append("/")
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "u":
                let digits = scalars[min(index, scalars.count)..<min(index + 4, scalars.count)]
                index += 4
                guard digits.count == 4,
                    let code = UInt32(String(String.UnicodeScalarView(digits)), radix: 16),
                    let decoded = Unicode.Scalar(code)
                else { throw YAMLScalarError(reason: "\\u needs 4 hex digits") }
                result.append(decoded)
            default:
                throw YAMLScalarError(reason: "unsupported escape \\\(escape.map(String.init) ?? "")")
            }
        }
        throw YAMLScalarError(reason: "missing closing \"")
    }

    private static func expectNothingAfter(_ rest: ArraySlice<Unicode.Scalar>) throws(YAMLScalarError) {
        let rest = String(String.UnicodeScalarView(rest)).trimmingSpaces()
        guard rest.isEmpty || rest.hasPrefix("#") else {
            throw YAMLScalarError(reason: "unexpected text after the closing quote: \(rest)")
        }
    }
}

fileprivate extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}
