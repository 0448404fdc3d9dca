/// Cutting, padding and wrapping by display columns; a grapheme or a wide glyph is never split.
extension SanitizedText {
    /// The text cut to at most `width` columns, ending in `…` when anything was cut.
    public func truncated(toWidth width: Int) -> SanitizedText {
        guard width > 0 else { return SanitizedText() }
        if displayWidth <= width { return self }
        var result = SanitizedText()
        var used = 0
        cutting: for run in runs {
            var kept = ""
            for character in run.text {
                let columns = DisplayWidth.of(character)
                if used + columns > width - 1 {
                    result.append(Run(text: kept, role: run.role))
                    break cutting
                }
                kept.append(character)
                used += columns
            }
            result.append(Run(text: kept, role: run.role))
        }
        return result + SanitizedText(runs: [Run(text: "…", role: nil)])
    }

    /// The text cut to `width` columns and padded with spaces to exactly `width`.
    public func fitted(toWidth width: Int) -> SanitizedText {
        let cut = truncated(toWidth: width)
        return cut + .spaces(width - cut.displayWidth)
    }

    /// The text split at its newlines.
    public func lines() -> [SanitizedText] {
        var result: [SanitizedText] = [SanitizedText()]
        for run in runs {
            let parts = run.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, part) in parts.enumerated() {
                if index > 0 { result.append(SanitizedText()) }
                result[result.count - 1].append(Run(text: String(part), role: run.role))
            }
        }
        return result
    }

    /// The text broken into lines of at most `width` columns: at newlines, then after the last
    /// space that fits, else between graphemes.
    public func wrapped(toWidth width: Int) -> [SanitizedText] {
        guard width > 0 else { return [] }
        var result: [SanitizedText] = []
        for line in lines() {
            var items = line.graphemes()[...]
            if items.isEmpty { result.append(SanitizedText()); continue }
            while !items.isEmpty {
                var used = 0
                var end = items.startIndex
                while end < items.endIndex {
                    let columns = DisplayWidth.of(items[end].character)
                    if used + columns > width { break }
                    used += columns
                    end += 1
                }
                if end == items.endIndex {
                    result.append(.from(graphemes: items))
                    break
                }
                if end == items.startIndex { end += 1 }  // a glyph wider than the line: emit it alone
                var cut = end
                if let space = items[items.startIndex..<end].lastIndex(where: { $0.character == " " && $0.role == nil }),
                    space > items.startIndex
                {
                    cut = space + 1
                }
                result.append(.from(graphemes: items[items.startIndex..<cut]))
                items = items[cut...]
            }
        }
        return result
    }
}
