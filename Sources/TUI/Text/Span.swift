/// A run of text in one style; a styled line is an array of spans.
public struct Span: Equatable, Sendable {
    public var text: String
    public var style: Style

    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

extension Array where Element == Span {
    /// Columns the spans take side by side.
    public var displayWidth: Int { reduce(0) { $0 + $1.text.displayWidth } }

    /// The text of all spans, without styles.
    public var plainText: String { map(\.text).joined() }
}
