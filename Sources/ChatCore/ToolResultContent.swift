import Foundation
import LLM
import MCP

/// A tool's answer (`CallTool.Result`) read once, for the model and for the transcript card.
///
/// The model gets the content as parts (`MCPContentText.parts(of:)`): text, images and audio as
/// media its provider may carry, `structuredContent` as JSON when no block is text; an error
/// result starts with "Error: ". The card shows what came back: text, images with their type,
/// size and dimensions, audio with type and size, resource links with name and URI, embedded
/// resources with URI and type. When the tool declares an `outputSchema`, `structuredContent`
/// is checked against it (MCP 2025-11-25 server/tools#output-schema: clients should validate);
/// a mismatch heads the card and ends the model's text with a note. Pure.
public struct ToolResultContent: Equatable, Sendable {
    /// What the model receives.
    public var modelParts: [ChatContentPart]
    /// What the card shows under the call.
    public var shownText: String
    /// The server flagged the result as an error (`isError`).
    public var isError: Bool
    /// What does not fit the tool's `outputSchema`; empty when it fits or there is none.
    public var schemaProblems: [String]

    public init(_ result: CallTool.Result, outputSchema: Value?) {
        isError = result.isError ?? false
        schemaProblems = isError ? [] : Self.check(result.structuredContent, against: outputSchema)

        var parts = MCPContentText.parts(of: result)
        if isError {
            if case .text(let first)? = parts.first {
                parts[0] = .text("Error: " + first)
            } else {
                parts.insert(.text("Error: the tool reported an error"), at: 0)
            }
        }
        if !schemaProblems.isEmpty {
            parts.append(.text("[mcpterm: this result's structuredContent does not match the tool's outputSchema: "
                + schemaProblems.joined(separator: "; ") + "]"))
        }
        modelParts = parts

        var shown = result.content.map(Self.shown)
        let hasText = result.content.contains { if case .text = $0 { true } else { false } }
        if !hasText, let structured = result.structuredContent { shown.append(MCPContentText.json(structured)) }
        if !schemaProblems.isEmpty {
            shown.insert("⚠ structuredContent does not match the tool's outputSchema: "
                + schemaProblems.joined(separator: "; "), at: 0)
        }
        shownText = shown.joined(separator: "\n")
    }

    /// What does not fit: nothing without a schema; a missing `structuredContent` when there is one.
    private static func check(_ structured: Value?, against schema: Value?) -> [String] {
        guard let schema, schema != .null else { return [] }
        guard let structured else { return ["the tool declares an outputSchema but sent no structuredContent"] }
        return JSONSchemaCheck.problems(structured, against: schema)
    }

    /// One block as the card shows it.
    static func shown(_ block: Tool.Content) -> String {
        switch block {
        case .text(let text, _, _):
            return text
        case .image(let data, let mimeType, _, _):
            return described("image", [mimeType], base64: data, image: true)
        case .audio(let data, let mimeType, _, _):
            return described("audio", [mimeType], base64: data, image: false)
        case .resourceLink:
            return MCPContentText.text(of: block)  // [resource link NAME: URI]
        case .resource(let resource, _, _):
            let isImage = resource.mimeType?.lowercased().hasPrefix("image/") == true
            let head = described("resource", [resource.uri, resource.mimeType ?? ""],
                                 base64: resource.blob, image: isImage, textBytes: resource.text?.utf8.count)
            guard let text = resource.text, !text.isEmpty else { return head }
            return head + "\n" + text
        }
    }

    /// `[image image/png, 12 KB, 640×480]`: the kind, then words, the size, the dimensions.
    private static func described(_ kind: String, _ words: [String], base64: String?, image: Bool,
                                  textBytes: Int? = nil) -> String {
        let head = ([kind] + words.filter { !$0.isEmpty }).joined(separator: " ")
        var details: [String] = []
        if let base64 { details.append(ByteCountText.string(MCPContentText.decodedSize(base64))) }
        if let textBytes { details.append(ByteCountText.string(textBytes)) }
        if image, let base64, let header = ImageHeader.read(base64: base64) { details.append(header.text) }
        return "[" + ([head] + details).joined(separator: ", ") + "]"
    }
}
