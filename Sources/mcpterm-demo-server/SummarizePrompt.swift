import MCP

/// The demo server's one prompt, `summarize`: asks the model for a short summary of `text`.
enum SummarizePrompt {
    static let prompt = Prompt(
        name: "summarize",
        title: "Summarize a text",
        description: "Ask the model for a short, faithful summary of the given text.",
        arguments: [
            .init(name: "text", title: "Text", description: "The text to summarize.", required: true),
        ]
    )

    static func get(_ params: GetPrompt.Parameters) throws -> GetPrompt.Result {
        guard params.name == prompt.name else {
            throw MCPError.invalidParams("Unknown prompt: \(params.name) (this server has only \(prompt.name))")
        }
        guard let text = params.arguments?["text"], !text.isEmpty else {
            throw MCPError.invalidParams("Prompt summarize: missing required argument \"text\"")
        }
        return GetPrompt.Result(
            description: "Summarize the given text",
            messages: [
                .user(.text(text: "Summarize the following text in a few sentences. Keep its facts; add none.\n\n\(text)")),
            ]
        )
    }
}
