import ChatCore
import TUI

/// The model has taken `maxToolRounds` tool rounds in one turn: a small box asks whether it may
/// go on (y, another as many rounds) or stop here (n or Esc; the results are kept). Other keys
/// go to the layers below, so the transcript still scrolls and a message can be typed.
enum RoundLimitLayer: Layer {
    static func isActive(_ state: AppState) -> Bool { state.agent.roundLimitReached }

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect]? {
        switch key {
        case .char("y"), .char("Y"):
            return AppReducer.effects(for: state.agent.continueAfterRoundLimit(true), state)
        case .char("n"), .char("N"), .escape:
            return AppReducer.effects(for: state.agent.continueAfterRoundLimit(false), state)
        default:
            return nil
        }
    }

    static func draw(_ state: AppState, theme: Theme, into buffer: inout CellBuffer, area: Rect) -> (x: Int, y: Int)? {
        let rounds = state.agent.maxToolRounds
        let text = "The model has taken \(rounds) tool rounds in this turn. Let it go on?"
        let keys = "y go on (\(rounds) more)  n stop here (the results are kept)"
        let width = min(area.width, max(text.displayWidth, keys.displayWidth) + 4)
        let lines = StyledLine.wrapped(text, width: max(1, width - 4), style: theme.style("modal.text"))
            + StyledLine.wrapped(keys, width: max(1, width - 4), style: theme.style("modal.key"))
        let height = min(area.height, lines.count + 2)
        guard width >= 6, height >= 3 else { return nil }
        let rect = Rect(x: area.x + (area.width - width) / 2, y: area.y + area.height - height, width: width, height: height)
        buffer.fill(rect, style: theme.style("modal.text"))
        let inner = Box.draw(into: &buffer, rect: rect, title: "Tool rounds", style: theme.style("modal.warning"),
                             titleStyle: theme.style("modal.title"))
        for (row, line) in lines.prefix(inner.height).enumerated() {
            line.draw(into: &buffer, x: inner.x + 1, y: inner.y + row, width: inner.width - 2)
        }
        return nil
    }
}
