import MCP

/// The demo server's one resource, `demo://readme`: a short Markdown text about the server.
enum DemoReadme {
    static let uri = "demo://readme"

    static let resource = Resource(
        name: "readme",
        uri: uri,
        title: "About the mcpterm demo server",
        description: "What this demo server offers and what each tool is for.",
        mimeType: "text/markdown",
        size: text.utf8.count
    )

    static let text = """
        # mcpterm demo server

        A small MCP server bundled with **mcpterm** so a fresh install has something to talk to.
        It speaks newline-delimited JSON-RPC on stdin/stdout.

        ## Tools
        - `clock` — the current date and time, optionally in an IANA `timezone`.
        - `echo` — returns `text` unchanged (try some 日本語 or emoji).
        - `read_file` — reads a UTF-8 text file under the server's working directory (at most 1 MiB).
        - `add` — adds `a` and `b`; the sum also comes back as structured content.
        - `slow` — waits `seconds` (default 2, at most 30) with progress every second; cancel it with Esc.

        ## Also
        - The prompt `summarize` asks the model to summarise a `text`.
        - Every tool call is logged as an info `notifications/message`.
        """

    static func read(_ params: ReadResource.Parameters) throws -> ReadResource.Result {
        guard params.uri == uri else {
            throw MCPError.invalidParams("Unknown resource: \(params.uri) (this server has only \(uri))")
        }
        return ReadResource.Result(contents: [.text(text, uri: uri, mimeType: "text/markdown")])
    }
}
