import Foundation
import MCP

/// The one way MCP content becomes text, for tool results, prompt messages and resource
/// contents alike: text as it is; an embedded resource's text in a block naming it; anything
/// that is not text as one placeholder, `[image image/png, 12 KB]` (never decoded to the screen).
public enum MCPContentText {
    /// A tool result as the model receives it and the transcript shows it: the blocks joined by
    /// newlines; `structuredContent` as JSON when there is no block at all.
    public static func render(_ result: CallTool.Result) -> String {
        var parts = result.content.map(text(of:))
        if parts.isEmpty, let structured = result.structuredContent {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(structured) { parts.append(String(decoding: data, as: UTF8.self)) }
        }
        return parts.joined(separator: "\n")
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
        return "[\(described), \(ByteCountText.string(base64.utf8.count * 3 / 4))]"
    }

    /// An embedded resource's text in a block that names it; a binary one as a placeholder.
    private static func embedded(_ resource: Resource.Content) -> String {
        let body = resource.text ?? placeholder("binary", mimeType: resource.mimeType, base64: resource.blob)
        return "<attached-resource uri=\"\(resource.uri)\">\n\(body)\n</attached-resource>"
    }

    private static func link(name: String, uri: String) -> String {
        "[resource link \(name): \(uri)]"
    }
}
