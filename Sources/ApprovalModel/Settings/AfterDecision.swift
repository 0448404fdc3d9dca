/// Where the detail view goes after a decision made in it (`after_decision` in a profile).
///
/// `next` (the default) opens the next pending request at once, the way mutt moves on after a
/// message is deleted, so a morning of reading is not a round trip to the queue per request;
/// `queue` goes back to the queue, as the first releases did.
public enum AfterDecision: String, CaseIterable, Sendable {
    case next, queue
}
