@testable import MCPTermApp

/// `AppReducer.reduce` without its `saveSession` effects, for tests about the other effects
/// (what the session file gets is tested in SessionReplayTests, ResumeTests and AppLoopTests).
func reduceIgnoringSaves(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
    AppReducer.reduce(&state, event).filter {
        if case .saveSession = $0 { return false }
        return true
    }
}
