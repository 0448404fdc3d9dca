import ApprovalModel

extension ConsoleState {
    mutating func editFilter(_ key: KeyPress) -> [Effect] {
        switch key {
        case .enter:
            input = .none
            return []
        case .escape:
            input = .none
            setFilter("")
        default:
            setFilter(Self.edited(currentFilter, with: key))
        }
        return []
    }

    /// The filter of the current screen.
    public var currentFilter: String {
        switch screen {
        case .flows, .log: flows.selection.filter
        case .policies: policies.selection.filter
        case .history: history.selection.filter
        case .rules: rules.selection.filter
        case .queue, .detail: queue.selection.filter
        case .journal: ""
        }
    }

    private mutating func setFilter(_ text: String) {
        switch screen {
        case .flows, .log: flows.setFilter(text)
        case .policies: policies.setFilter(text)
        case .history: history.setFilter(text)
        case .rules: rules.setFilter(text)
        case .queue, .detail: queue.setFilter(text)
        case .journal:
            break
        }
    }

    mutating func editCommand(_ text: String, _ key: KeyPress) -> [Effect] {
        switch key {
        case .escape:
            input = .none
        case .enter:
            input = .none
            return run(ConsoleCommand.parse(text))
        case .tab:
            let matches = ConsoleCommand.names.filter { $0.hasPrefix(text.lowercased()) }
            if matches.count == 1 { input = .command(matches[0] + " ") }
        case .backspace where text.isEmpty:
            input = .none
        default:
            input = .command(Self.edited(text, with: key))
        }
        return []
    }

    private mutating func run(_ parsed: Result<ConsoleCommand, CommandError>) -> [Effect] {
        switch parsed {
        case .failure(let error):
            status = StatusMessage(error.description, kind: .error)
            return []
        case .success(let command):
            switch command {
            case .queue: return show(.queue)
            case .flows: return show(.flows)
            case .policies: return show(.policies)
            case .journal: return show(.journal)
            case .history: return show(.history)
            case .rules: return show(.rules)
            case .help:
                isHelpVisible = true
                return []
            case .quit: return requestQuit()
            case .theme(let name):
                status = StatusMessage("loading theme \(name)…")
                return [.loadTheme(name)]
            case .server(let name) where fleet.isMerged:
                return narrow(toServer: name)
            case .server(let name):
                if !queue.heldDecisions.isEmpty {
                    status = StatusMessage(
                        "decisions wait in the undo window: switch after they are sent, or take them back with u", kind: .error)
                    return []
                }
                status = StatusMessage("switching to \(name)…")
                return [.switchServer(name)]
            }
        }
    }

    /// `:server NAME` in a console on several servers: the queue shows that server's requests
    /// only; `:server all` shows every server's again. It never reconnects.
    private mutating func narrow(toServer name: String) -> [Effect] {
        if name == "all" {
            queue.serverFocus = nil
            flows.serverFocus = nil
            status = StatusMessage("every server's requests: \(fleet.members.map(\.name).joined(separator: ", "))")
        } else if fleet.index(of: name) != nil {
            queue.serverFocus = name
            flows.serverFocus = name
            status = StatusMessage("only \(name)'s requests and runs; :server all shows every server")
        } else {
            status = StatusMessage(
                "no server \(name) in this console (\(fleet.members.map(\.name).joined(separator: ", "))); :server all shows every server",
                kind: .error)
        }
        return []
    }

    mutating func editSearch(_ text: String, _ key: KeyPress) -> [Effect] {
        switch key {
        case .escape:
            input = .none
        case .enter:
            input = .none
            guard var view = flows.log else { return [] }
            view.searchTerm = text
            view.matchNumber = nil
            flows.log = view
            if !text.isEmpty { jumpToMatch(forward: true) }
        default:
            input = .search(Self.edited(text, with: key))
        }
        return []
    }
}
