/// Maps every `StyleRole` to a `StyleSpec`. Only the terminal resolves roles through a theme;
/// buffers and snapshots hold roles.
///
/// `Theme.builtIn` covers every role; a theme file overrides it role by role, so a partial
/// file still works. `Theme.monochrome` (for `NO_COLOR`) keeps reverse, bold and underline so
/// the selection, marks and stale rows stay visible without colour.
public struct Theme: Hashable, Sendable {
    public var name: String
    public private(set) var styles: [StyleRole: StyleSpec]

    public init(name: String, styles: [StyleRole: StyleSpec]) {
        self.name = name
        self.styles = styles
    }

    /// The style of `role` (the built-in one when this theme lacks it).
    public subscript(role: StyleRole) -> StyleSpec {
        get { styles[role] ?? Theme.builtInStyles[role] ?? StyleSpec() }
        set { styles[role] = newValue }
    }

    /// The default theme, for dark and light terminals alike (it leans on terminal defaults).
    public static let builtIn = Theme(name: "default", styles: builtInStyles)

    /// No colours at all; selection is reverse video, stale rows underlined, badges bold.
    public static let monochrome: Theme = {
        var styles = builtInStyles.mapValues(\.withoutColour)
        styles[.queueSelected] = StyleSpec(bold: true, reverse: true)
        styles[.tableSelected] = StyleSpec(reverse: true)
        styles[.logSentinel] = StyleSpec(bold: true, reverse: true)
        styles[.logMarker] = StyleSpec(bold: true, underline: true)
        styles[.confirm] = StyleSpec(bold: true, reverse: true)
        styles[.banner] = StyleSpec(bold: true, reverse: true)
        styles[.justificationLabel] = StyleSpec(bold: true)
        styles[.queueStale] = StyleSpec(underline: true)
        styles[.queueMarked] = StyleSpec(bold: true)
        styles[.untrustedBadge] = StyleSpec(bold: true, underline: true)
        styles[.control] = StyleSpec(bold: true)
        styles[.logMatch] = StyleSpec(reverse: true)
        styles[.statusLine] = StyleSpec(reverse: true)
        styles[.statusLive] = StyleSpec(reverse: true)
        styles[.statusReadOnly] = StyleSpec(bold: true, reverse: true)
        styles[.statusOffline] = StyleSpec(bold: true, reverse: true)
        styles[.statusError] = StyleSpec(bold: true, reverse: true)
        styles[.statusMessage] = StyleSpec(reverse: true)
        return Theme(name: "mono", styles: styles)
    }()

    static let builtInStyles: [StyleRole: StyleSpec] = {
        let red = ThemeColour.ansi(1), green = ThemeColour.ansi(2), yellow = ThemeColour.ansi(3)
        let blue = ThemeColour.ansi(4), magenta = ThemeColour.ansi(5), cyan = ThemeColour.ansi(6)
        let black = ThemeColour.ansi(0), grey = ThemeColour.ansi(8)
        let styles: [StyleRole: StyleSpec] = [
            .normal: StyleSpec(),
            .dim: StyleSpec(dim: true),
            .control: StyleSpec(magenta, bold: true),
            .untrustedBadge: StyleSpec(black, on: magenta, bold: true),
            .title: StyleSpec(bold: true),
            .frame: StyleSpec(grey),
            .queueHeader: StyleSpec(bold: true, underline: true),
            .queueRow: StyleSpec(),
            .queueSelected: StyleSpec(black, on: cyan, reverse: false),
            .queueMarked: StyleSpec(yellow, bold: true),
            .queueStale: StyleSpec(red, underline: true),
            .queueDimmed: StyleSpec(grey, dim: true),
            .queueCountdown: StyleSpec(yellow),
            .detailLabel: StyleSpec(cyan, bold: true),
            .detailValue: StyleSpec(),
            .detailJSON: StyleSpec(green),
            .justificationFrame: StyleSpec(yellow),
            .justificationLabel: StyleSpec(yellow, bold: true),
            .justificationText: StyleSpec(),
            .justificationMissing: StyleSpec(grey, dim: true),
            .tableHeader: StyleSpec(bold: true, underline: true),
            .tableRow: StyleSpec(),
            .tableSelected: StyleSpec(black, on: cyan),
            .flowRunning: StyleSpec(blue, bold: true),
            .flowSucceeded: StyleSpec(green),
            .flowFailed: StyleSpec(red, bold: true),
            .logLine: StyleSpec(),
            .logSentinel: StyleSpec(black, on: green, bold: true),
            .logMarker: StyleSpec(black, on: blue, bold: true),
            .logMatch: StyleSpec(black, on: yellow),
            .statusLine: StyleSpec(on: .indexed(236)),
            .statusLive: StyleSpec(green, on: .indexed(236), bold: true),
            .statusOffline: StyleSpec(black, on: red, bold: true),
            .statusError: StyleSpec(red, on: .indexed(236), bold: true),
            .statusMessage: StyleSpec(yellow, on: .indexed(236)),
            .statusReadOnly: StyleSpec(black, on: yellow, bold: true),
            .helpFrame: StyleSpec(cyan),
            .helpKey: StyleSpec(cyan, bold: true),
            .helpText: StyleSpec(),
            .hint: StyleSpec(grey),
            .prompt: StyleSpec(cyan, bold: true),
            .promptInput: StyleSpec(underline: true),
            .confirm: StyleSpec(black, on: yellow, bold: true),
            .banner: StyleSpec(black, on: red, bold: true),
        ]
        return styles
    }()
}
