/// How one role looks: colours and attributes.
public struct StyleSpec: Hashable, Sendable {
    public var foreground: ThemeColour
    public var background: ThemeColour
    public var isBold: Bool
    public var isReverse: Bool
    public var isUnderline: Bool
    public var isDim: Bool

    public init(
        _ foreground: ThemeColour = .terminalDefault, on background: ThemeColour = .terminalDefault,
        bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.isBold = bold
        self.isReverse = reverse
        self.isUnderline = underline
        self.isDim = dim
    }

    /// The same attributes without any colour.
    public var withoutColour: StyleSpec {
        StyleSpec(bold: isBold, reverse: isReverse, underline: isUnderline, dim: isDim)
    }
}
