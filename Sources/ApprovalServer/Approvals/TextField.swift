import ApprovalModel
import Foundation

/// What the server accepts in an agent's or approver's text fields, so that what is stored,
/// shown and run is exactly what was sent, or the call is refused with a 422 naming the field.
///
/// - Names (`tool_name`, `agent_name`, `execution_id`): at most `nameLimit` UTF-8 bytes, and no
///   control (C0 incl. U+0000, DEL, C1), bidi, zero-width, format, default-ignorable or tag
///   character, no blank other than an inner ASCII space, nothing private-use or unassigned: a
///   policy matches the name scalar for scalar (never by canonical equivalence), and a person
///   must be able to read the name a policy matched.
/// - Free text (`justification`, the approver's `comment`): any Unicode text, stored losslessly
///   (bound as data, never as a C string), at most `freeTextLimit` bytes. The comment may hold
///   U+0000; the justification may not, because a tool receives it in an environment variable,
///   which cannot carry one.
enum TextField {
    static let nameLimit = 256
    static let freeTextLimit = 64 * 1024
    /// `tool_args` as sent, in bytes.
    static let argumentsLimit = 1024 * 1024

    /// The 422 issue for a name field, or nil when it is acceptable.
    static func nameIssue(_ text: String, field: String) -> ValidationIssue? {
        if let issue = lengthIssue(text, field: field, limit: nameLimit) { return issue }
        func issue(_ why: String) -> ValidationIssue {
            ValidationIssue(type: "string_pattern_mismatch", loc: ["body", .string(field)], msg: "\(field) \(why)", input: .string(text))
        }
        if let found = InvisibleScalars.first(in: text) {
            return issue("must not contain control, bidi or invisible characters "
                + "(U+\(StrictJSON.hex4(found.scalar.value)) at position \(found.offset))")
        }
        for (offset, scalar) in text.unicodeScalars.enumerated() where !isVisibleInName(scalar) {
            return issue("must hold only visible characters and ASCII spaces "
                + "(U+\(StrictJSON.hex4(scalar.value)) at position \(offset) is blank, private or unassigned)")
        }
        if text.unicodeScalars.first == " " || text.unicodeScalars.last == " " {
            return issue("must not begin or end with a space")
        }
        if !text.unicodeScalars.allSatisfy(\.isASCII),
            !text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars)
        {
            // One spelling per name: "e\u0301cho" would look like "écho" and match other policies.
            return issue("must be in Unicode normalization form C (composed characters, as \"\u{E9}\" not \"e\u{301}\")")
        }
        return nil
    }

    /// Whether a name may hold `scalar` (already known not to be invisible): no space other than
    /// U+0020, no line or paragraph separator, no private-use, surrogate or unassigned code
    /// point, no blank that draws as nothing (U+2800).
    static func isVisibleInName(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return true }
        if scalar.value == 0x2800 { return false }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned: return false
        default: return true
        }
    }

    /// The 422 issue for a free-text field that is too long, or nil.
    static func freeTextIssue(_ text: String, field: String) -> ValidationIssue? {
        lengthIssue(text, field: field, limit: freeTextLimit)
    }

    /// The 422 issue for a justification: too long, or holding U+0000.
    static func justificationIssue(_ text: String) -> ValidationIssue? {
        if let issue = freeTextIssue(text, field: "justification") { return issue }
        guard let offset = text.unicodeScalars.firstIndex(of: "\u{0}") else { return nil }
        let position = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: offset)
        return ValidationIssue(
            type: "string_pattern_mismatch", loc: ["body", "justification"],
            msg: "justification must not contain U+0000 (at position \(position)): the tool receives it in an "
                + "environment variable, which cannot hold one",
            input: .string(text))
    }

    static func lengthIssue(_ text: String, field: String, limit: Int) -> ValidationIssue? {
        guard text.utf8.count > limit else { return nil }
        return ValidationIssue(
            type: "string_too_long", loc: ["body", .string(field)],
            msg: "\(field) should have at most \(limit) bytes, not \(text.utf8.count)",
            input: .string(String(text.prefix(64))), ctx: ["max_length": .integer(Int64(limit))])
    }
}
