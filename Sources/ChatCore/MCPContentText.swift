import Foundation
import LLM
import MCP

/// The one way MCP content becomes text, for tool results, prompt messages and resource
/// contents alike: text as it is; an embedded resource's text in a block naming it; anything
/// that is not text as one placeholder, `[image image/png, 12 KB]` (never decoded to the screen).
/// For the model, a tool result's images and audio are media parts (`parts(of:)`) whose
/// placeholders are these same words, so a provider that cannot carry them sends this text.
public enum MCPContentText {
    /// A tool result as text: the blocks joined by newlines; `structuredContent` as JSON when
    /// there is no text block.
    public static func render(_ result: CallTool.Result) -> String {
        parts(of: result).map(\.text).joined(separator: "\n")
    }

    /// A tool result as message parts, one or more per block in order: images and audio (also
    /// an embedded resource's, between the lines naming it) as media, the rest as text;
    /// `structuredContent` as JSON text when no block is text (MCP 2025-11-25
    /// server/tools#structured-content: a server should also send it as text, but not all do).
    public static func parts(of result: CallTool.Result) -> [ChatContentPart] {
        var parts = result.content.flatMap(parts(of:))
        let hasText = result.content.contains { if case .text = $0 { true } else { false } }
        if !hasText, let structured = result.structuredContent {
            parts.append(.text(json(structured)))
        }
        return parts
    }

    /// `value` as compact JSON with sorted keys.
    public static func json(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func parts(of block: Tool.Content) -> [ChatContentPart] {
        switch block {
        case .image(let data, let mimeType, _, _):
            return [.media(ChatMedia(kind: .image, mimeType: mimeType, base64: data,
                                     placeholder: placeholder("image", mimeType: mimeType, base64: data)))]
        case .audio(let data, let mimeType, _, _):
            return [.media(ChatMedia(kind: .audio, mimeType: mimeType, base64: data,
                                     placeholder: placeholder("audio", mimeType: mimeType, base64: data)))]
        case .resource(let resource, _, _):
            guard resource.text == nil, let blob = resource.blob, let mimeType = resource.mimeType,
                  let kind = mediaKind(mimeType) else { return [.text(text(of: block))] }
            // The same lines as the text form, with the bytes as media where the placeholder was.
            let media = ChatMedia(kind: kind, mimeType: mimeType, base64: blob,
                                  placeholder: placeholder("binary", mimeType: mimeType, base64: blob))
            return [.text(embeddedOpening(resource)), .media(media), .text(embeddedClosing)]
        case .text, .resourceLink:
            return [.text(text(of: block))]
        }
    }

    /// Image and audio types become media; any other binary stays a placeholder.
    private static func mediaKind(_ mimeType: String) -> ChatMedia.Kind? {
        let type = mimeType.lowercased()
        if type.hasPrefix("image/") { return .image }
        if type.hasPrefix("audio/") { return .audio }
        return nil
    }

    /// A resource read (`resources/read`): each content as text, or its placeholder.
    public static func render(_ result: ReadResource.Result) -> String {
        result.contents.map { content in
            content.text ?? placeholder("binary", mimeType: content.mimeType, base64: content.blob)
        }.joined(separator: "\n")
    }

    public static func text(of block: Tool.Content) -> String {
        switch block {
        case .text(let text, _, _): return text
        case .image(let data, let mimeType, _, _): return placeholder("image", mimeType: mimeType, base64: data)
        case .audio(let data, let mimeType, _, _): return placeholder("audio", mimeType: mimeType, base64: data)
        case .resource(let resource, _, _): return embedded(resource)
        case .resourceLink(let uri, let name, _, _, _, _): return link(name: name, uri: uri)
        }
    }

    public static func text(of content: Prompt.Message.Content) -> String {
        switch content {
        case .text(let text): return text
        case .image(let data, let mimeType): return placeholder("image", mimeType: mimeType, base64: data)
        case .audio(let data, let mimeType): return placeholder("audio", mimeType: mimeType, base64: data)
        case .resource(let resource, _, _): return embedded(resource)
        case .resourceLink(let uri, let name, _, _, _, _): return link(name: name, uri: uri)
        }
    }

    /// What stands for content that is not text: its kind, its type and its decoded size.
    public static func placeholder(_ kind: String, mimeType: String?, base64: String?) -> String {
        var words = [kind]
        if let mimeType, !mimeType.isEmpty { words.append(mimeType) }
        let described = words.joined(separator: " ")
        guard let base64 else { return "[\(described)]" }
        return "[\(described), \(ByteCountText.string(decodedSize(base64)))]"
    }

    /// How many bytes `base64` decodes to: padding and line breaks are not data.
    public static func decodedSize(_ base64: String) -> Int {
        var characters = 0
        for byte in base64.utf8 where byte != UInt8(ascii: "=") && byte > 32 { characters += 1 }
        return characters * 3 / 4
    }

    /// An embedded resource's text in a block that names it; a binary one as a placeholder.
    private static func embedded(_ resource: Resource.Content) -> String {
        let body = resource.text ?? placeholder("binary", mimeType: resource.mimeType, base64: resource.blob)
        return "\(embeddedOpening(resource))\n\(body)\n\(embeddedClosing)"
    }

    private static func embeddedOpening(_ resource: Resource.Content) -> String {
        "<attached-resource uri=\"\(resource.uri)\">"
    }

    private static let embeddedClosing = "</attached-resource>"

    private static func link(name: String, uri: String) -> String {
        "[resource link \(name): \(uri)]"
    }
}
