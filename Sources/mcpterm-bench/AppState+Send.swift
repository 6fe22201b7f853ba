import MCPTermApp

extension AppState {
    /// Presses Enter on the typed message and returns the turn of the reply it starts (the
    /// reducer's effects also save the session, so the stream is looked for among them).
    mutating func sendTypedMessage() -> Int {
        for effect in AppReducer.reduce(&self, .key(.enter)) {
            if case .streamChat(let turn, _) = effect { return turn }
        }
        fatalError("Enter started no reply")
    }
}
