/// A message's parts as a provider sends them: runs of text (with the placeholders of media it
/// cannot carry) joined by newlines as `ChatMessage.content` joins them, and the media it carries.
enum MediaSegment: Equatable {
    case text(String)
    case media(ChatMedia)

    /// `parts` cut into segments; `carries` says which media the provider takes. Empty text
    /// runs are dropped (APIs reject empty text blocks).
    static func segments(_ parts: [ChatContentPart], carries: (ChatMedia) -> Bool) -> [MediaSegment] {
        var out: [MediaSegment] = []
        var run: [String] = []
        func closeRun() {
            let text = run.joined(separator: "\n")
            if !text.isEmpty { out.append(.text(text)) }
            run = []
        }
        for part in parts {
            if case .media(let media) = part, carries(media) {
                closeRun()
                out.append(.media(media))
            } else {
                run.append(part.text)
            }
        }
        closeRun()
        return out
    }

    /// The MIME essences of the images the three APIs document: OpenAI and Anthropic take all
    /// four; Ollama's own API decodes PNG and JPEG.
    static let webImageTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp"]
}
