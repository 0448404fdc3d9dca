import ApprovalViewModels
import CursesBridge

/// Turns a theme's style roles into curses attributes, allocating one colour pair per
/// distinct foreground/background combination. Built and used on the terminal thread only.
struct CursesPalette {
    /// Attributes without colour bits, and the colour pair, per role (setcchar takes them apart).
    private(set) var styles: [StyleRole: (attributes: attr_t, pair: Int16)] = [:]

    /// Builds the attributes for `theme`; with `useColour` false (NO_COLOR, mono, no colours)
    /// only bold, dim, reverse and underline remain.
    init(theme: Theme, useColour: Bool) {
        let colours = Int(cb_colors())
        var pairs: [PairKey: Int16] = [:]
        for role in StyleRole.allCases {
            let spec = theme[role]
            var attr = cb_a_normal()
            if spec.isBold { attr |= cb_a_bold() }
            if spec.isDim { attr |= cb_a_dim() }
            if spec.isReverse { attr |= cb_a_reverse() }
            if spec.isUnderline { attr |= cb_a_underline() }
            if useColour, colours >= 8 {
                let key = PairKey(
                    foreground: Self.index(spec.foreground, colours: colours),
                    background: Self.index(spec.background, colours: colours))
                if key.foreground != -1 || key.background != -1 {
                    let pair: Int16
                    if let existing = pairs[key] {
                        pair = existing
                    } else if pairs.count + 1 < Int(cb_color_pairs()) {
                        pair = Int16(pairs.count + 1)
                        pairs[key] = pair
                        init_pair(pair, key.foreground, key.background)
                    } else {
                        pair = 0
                    }
                    styles[role] = (attr, pair)
                    continue
                }
            }
            styles[role] = (attr, 0)
        }
    }

    subscript(role: StyleRole) -> (attributes: attr_t, pair: Int16) { styles[role] ?? (cb_a_normal(), 0) }

    private struct PairKey: Hashable {
        var foreground: Int16
        var background: Int16
    }

    /// The curses colour number for `colour` on a terminal with `colours` colours; -1 is the default.
    static func index(_ colour: ThemeColour, colours: Int) -> Int16 {
        switch colour {
        case .terminalDefault:
            return -1
        case .ansi(let index):
            return Int16(index < colours ? index : index % 8)
        case .indexed(let index):
            return Int16(index < colours ? index : nearestANSI(paletteRGB(index)))
        case .rgb(let red, let green, let blue):
            return Int16(colours >= 256 ? nearest256(red, green, blue) : nearestANSI((red, green, blue)))
        }
    }

    /// The xterm 256-colour cube entry nearest to an RGB colour.
    static func nearest256(_ red: Int, _ green: Int, _ blue: Int) -> Int {
        func level(_ value: Int) -> Int { value < 48 ? 0 : value < 115 ? 1 : (value - 35) / 40 }
        return 16 + 36 * level(red) + 6 * level(green) + level(blue)
    }

    /// An approximation of a 256-palette entry's RGB value.
    static func paletteRGB(_ index: Int) -> (Int, Int, Int) {
        if index >= 232 {
            let grey = 8 + (index - 232) * 10
            return (grey, grey, grey)
        }
        if index >= 16 {
            let cube = index - 16
            let steps = [0, 95, 135, 175, 215, 255]
            return (steps[cube / 36], steps[(cube / 6) % 6], steps[cube % 6])
        }
        let base = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
                    (229, 229, 229)]
        return base[index % 8]
    }

    /// The nearest of the 8 basic colours.
    static func nearestANSI(_ rgb: (Int, Int, Int)) -> Int {
        let (red, green, blue) = rgb
        let threshold = 100
        return (red > threshold ? 1 : 0) | (green > threshold ? 2 : 0) | (blue > threshold ? 4 : 0)
    }
}
