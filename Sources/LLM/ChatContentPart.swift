import Foundation

/// One piece of a message's content: text, or media (an image, a sound) that a provider may
/// carry in its own form. A message is a list of them, in the order the source gave them.
public enum ChatContentPart: Equatable, Sendable, Codable {
    case text(String)
    case media(ChatMedia)

    /// The part as text: media as its placeholder.
    public var text: String {
        switch self {
        case .text(let text): return text
        case .media(let media): return media.placeholder
        }
    }
}

/// Media in a message, as bytes in base64 with their MIME type, and the words a provider that
/// cannot carry it sends instead (`[image image/png, 12 KB]`). Each provider decides what it
/// carries (`OpenAIRequestEncoder`, `AnthropicRequestEncoder`, `OllamaRequestEncoder`).
public struct ChatMedia: Equatable, Sendable, Codable {
    public enum Kind: String, Equatable, Sendable, Codable {
        case image, audio
    }

    public var kind: Kind
    /// As the source named it (`image/png`); compared without case and parameters.
    public var mimeType: String
    /// The bytes in base64, without a `data:` prefix.
    public var base64: String
    /// What stands for the media where it cannot go.
    public var placeholder: String

    public init(kind: Kind, mimeType: String, base64: String, placeholder: String) {
        self.kind = kind
        self.mimeType = mimeType
        self.base64 = base64
        self.placeholder = placeholder
    }

    /// The MIME type lower-cased, without parameters (`image/PNG; x=1` → `image/png`); the
    /// common misspelling `image/jpg` as `image/jpeg`, the type the APIs accept.
    public var essence: String {
        let type = mimeType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? mimeType
        let essence = type.trimmingCharacters(in: .whitespaces).lowercased()
        return essence == "image/jpg" ? "image/jpeg" : essence
    }

    /// `data:image/png;base64,…`, for APIs that take media as a URL.
    public var dataURL: String { "data:\(essence);base64,\(compactBase64)" }

    /// The base64 without line breaks or blanks (some servers wrap it at 76 columns; the model
    /// APIs take one unbroken string).
    public var compactBase64: String {
        guard base64.utf8.contains(where: { $0 == 10 || $0 == 13 || $0 == 32 || $0 == 9 }) else { return base64 }
        return String(base64.unicodeScalars.filter { !$0.properties.isWhitespace })
    }
}
