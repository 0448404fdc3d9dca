/// Text that is safe to put on a terminal: no control character, escape sequence, bidi control
/// or invisible character survives in it; each was replaced by a visible escape or badge run.
///
/// Only `Sanitizer` and string literals make one, and `ScreenBuffer` accepts nothing else, so an
/// unsanitized server string cannot reach a cell. Interpolation accepts `SanitizedText` and
/// integers only:
///
/// ```swift
/// let name = Sanitizer.line.sanitize(request.toolName)
/// buffer.write("tool \(name) · \(count) pending", at: Point(x: 0, y: 0), role: .normal)
/// ```
///
/// Runs carry an optional role; `nil` means "the role the caller writes with", a role means the
/// run is a badge or escape that keeps its own style. `\n` appears only where the sanitizer
/// allowed newlines; `lines()` splits on it.
public struct SanitizedText: Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral, ExpressibleByStringInterpolation
{
    /// A stretch of text with one style.
    public struct Run: Hashable, Sendable {
        public let text: String
        /// `nil`: drawn in the caller's role; otherwise a badge or escape role.
        public let role: StyleRole?
    }

    /// The runs, adjacent runs of the same role merged.
    public private(set) var runs: [Run]

    init(runs: [Run]) {
        self.runs = []
        for run in runs { append(run) }
    }

    /// Empty text.
    public init() { runs = [] }

    public init(stringLiteral value: String) {
        self = Sanitizer.multiline.sanitize(value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(runs: stringInterpolation.runs)
    }

    /// Builds interpolated text from literals, other `SanitizedText` and integers only.
    public struct StringInterpolation: StringInterpolationProtocol {
        var runs: [Run] = []
        public init(literalCapacity: Int, interpolationCount: Int) {}
        public mutating func appendLiteral(_ literal: String) {
            runs += Sanitizer.multiline.sanitize(literal).runs
        }
        public mutating func appendInterpolation(_ text: SanitizedText) { runs += text.runs }
        public mutating func appendInterpolation<Number: BinaryInteger>(_ number: Number) {
            runs.append(Run(text: String(number), role: nil))
        }
    }

    /// The shown text, badges included, as one string.
    public var description: String { runs.map(\.text).joined() }

    public var isEmpty: Bool { runs.isEmpty }

    /// Whether anything was neutralised or flagged (an escape, control, bidi or invisible character).
    public var hasBadges: Bool { runs.contains { $0.role != nil } }

    /// Columns the text takes on one line (newlines count 0).
    public var displayWidth: Int { runs.reduce(0) { $0 + DisplayWidth.of($1.text) } }

    mutating func append(_ run: Run) {
        guard !run.text.isEmpty else { return }
        if let last = runs.last, last.role == run.role {
            runs[runs.count - 1] = Run(text: last.text + run.text, role: run.role)
        } else {
            runs.append(run)
        }
    }

    public static func + (lhs: SanitizedText, rhs: SanitizedText) -> SanitizedText {
        var result = lhs
        for run in rhs.runs { result.append(run) }
        return result
    }

    public static func += (lhs: inout SanitizedText, rhs: SanitizedText) { lhs = lhs + rhs }

    /// Spaces, for padding.
    public static func spaces(_ count: Int) -> SanitizedText {
        SanitizedText(runs: [Run(text: String(repeating: " ", count: max(0, count)), role: nil)])
    }

    /// The text with every run drawn in `role` (badges keep theirs).
    func graphemes() -> [(character: Character, role: StyleRole?)] {
        var result: [(Character, StyleRole?)] = []
        for run in runs { for character in run.text { result.append((character, run.role)) } }
        return result
    }

    static func from(graphemes: ArraySlice<(character: Character, role: StyleRole?)>) -> SanitizedText {
        var text = SanitizedText()
        for item in graphemes { text.append(Run(text: String(item.character), role: item.role)) }
        return text
    }
}
