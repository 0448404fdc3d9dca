/// The console's frame: the title line, the screen's body, the message/prompt line and the status
/// line. Drawing and scrolling both take the body from here, so they cannot disagree about it.
struct ConsoleFrame {
    let title: Rect
    let body: Rect
    let message: Rect
    let status: Rect

    init(size: Size) {
        let parts = Layout.split(Rect(size: size), [.fixed(1), .fill, .fixed(1), .fixed(1)])
        (title, body, message, status) = (parts[0], parts[1], parts[2], parts[3])
    }
}
