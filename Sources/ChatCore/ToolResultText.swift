import Foundation
import MCP

/// Turns an MCP tool result into the text a model receives and the transcript shows.
public enum ToolResultText {
    /// Text blocks joined by newlines; other blocks named by kind; `structuredContent`
    /// as JSON when there is no text at all.
    public static func render(_ result: CallTool.Result) -> String {
        var parts: [String] = []
        for block in result.content {
            switch block {
            case .text(let text, _, _):
                parts.append(text)
            case .image(_, let mimeType, _, _):
                parts.append("[image \(mimeType)]")
            case .audio(_, let mimeType, _, _):
                parts.append("[audio \(mimeType)]")
            case .resource(let resource, _, _):
                if let text = resource.text {
                    parts.append(text)
                } else {
                    parts.append("[resource \(resource.uri)]")
                }
            case .resourceLink(let uri, let name, _, _, _, _):
                parts.append("[resource link \(name): \(uri)]")
            }
        }
        if parts.isEmpty, let structured = result.structuredContent,
            let data = try? JSONEncoder.sortedKeys.encode(structured),
            let json = String(data: data, encoding: .utf8)
        {
            parts.append(json)
        }
        return parts.joined(separator: "\n")
    }
}

extension JSONEncoder {
    fileprivate static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
