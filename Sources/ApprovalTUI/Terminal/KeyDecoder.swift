import ApprovalViewModels
import CursesBridge

/// What one `get_wch` call read.
enum TerminalInput: Equatable {
    case key(KeyPress)
    case resize
}

/// Maps curses input codes to keys the console understands.
enum KeyDecoder {
    /// Decodes a function-key code (`get_wch` returned KEY_CODE_YES).
    static func functionKey(_ code: Int32) -> TerminalInput? {
        switch code {
        case KEY_UP: .key(.up)
        case KEY_DOWN: .key(.down)
        case KEY_LEFT: .key(.left)
        case KEY_RIGHT: .key(.right)
        case KEY_PPAGE: .key(.pageUp)
        case KEY_NPAGE: .key(.pageDown)
        case KEY_HOME: .key(.home)
        case KEY_END: .key(.end)
        case KEY_ENTER: .key(.enter)
        case KEY_BACKSPACE: .key(.backspace)
        case KEY_DC: .key(.delete)
        case KEY_BTAB: .key(.backTab)
        case KEY_RESIZE: .resize
        default: nil
        }
    }

    /// Decodes a character code (`get_wch` returned OK).
    static func character(_ value: UInt32) -> TerminalInput? {
        switch value {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26:
            return .key(.control(Character(Unicode.Scalar(value + 96)!)))
        case 0..<32, 0x80..<0xA0:
            return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }
}
