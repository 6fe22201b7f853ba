/// A brief notice in the status bar ("Copied the last reply …"): it says what a key did without
/// adding a line to the conversation, and goes when its timer runs out.
struct Toast: Equatable, Sendable {
    var text: String
    /// Which notice this is: a timer ends only the notice it was started for.
    var showing: Int

    /// How long a notice stays.
    static let duration: Duration = .seconds(3)

    /// Shows `text` in place of the notice before it; returns the timer that takes it away.
    static func show(_ text: String, _ state: inout AppState) -> [Effect] {
        let showing = state.toastsShown + 1
        state.toastsShown = showing
        state.toast = Toast(text: text, showing: showing)
        return [.expireToast(showing: showing, after: duration)]
    }

    /// The timer of showing `showing` ran out.
    static func expire(showing: Int, _ state: inout AppState) {
        if state.toast?.showing == showing { state.toast = nil }
    }
}
