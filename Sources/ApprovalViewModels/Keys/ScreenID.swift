/// The screens of the console.
public enum ScreenID: String, Hashable, Sendable, CaseIterable {
    case queue, detail, policies, flows, log, journal, history, rules

    /// The title shown on the top line.
    var title: SanitizedText {
        switch self {
        case .queue: "Queue"
        case .detail: "Request"
        case .policies: "Policies"
        case .flows: "Flows"
        case .log: "Log"
        case .journal: "Journal"
        case .history: "History"
        case .rules: "Rules"
        }
    }
}
