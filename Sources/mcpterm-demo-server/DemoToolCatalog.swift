import MCP

/// The tools the demo server lists: names, descriptions, JSON Schemas and behaviour hints
/// (MCP 2025-11-25 server/tools#tool). What they do is in `DemoTools`.
enum DemoToolCatalog {
    static let all: [Tool] = [clock, echo, readFile, add, slow]

    static let clock = Tool(
        name: "clock",
        title: "Current time",
        description: """
            Returns the current date and time as ISO 8601 with the UTC offset, plus the weekday. \
            Give `timezone` as an IANA name (e.g. "Europe/Paris", "Asia/Tokyo"); without it the server's local zone is used.
            """,
        inputSchema: [
            "type": "object",
            "properties": [
                "timezone": ["type": "string", "description": "IANA time zone name, e.g. \"America/New_York\"."],
            ],
            "additionalProperties": false,
        ],
        annotations: .init(title: "Current time", readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false)
    )

    static let echo = Tool(
        name: "echo",
        title: "Echo",
        description: "Returns `text` exactly as given (any Unicode, CJK and emoji included). Useful to test a client's round trip.",
        inputSchema: [
            "type": "object",
            "properties": ["text": ["type": "string", "description": "The text to send back."]],
            "required": ["text"],
            "additionalProperties": false,
        ],
        annotations: .init(title: "Echo", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
    )

    static let readFile = Tool(
        name: "read_file",
        title: "Read a text file",
        description: """
            Reads a UTF-8 text file inside the server's working directory. `path` is relative to that directory; \
            absolute paths, paths (or symlinks) leading outside it, files over 1 MiB and binary files are refused.
            """,
        inputSchema: [
            "type": "object",
            "properties": [
                "path": ["type": "string", "description": "File path relative to the server's working directory, e.g. \"notes/todo.md\"."],
            ],
            "required": ["path"],
            "additionalProperties": false,
        ],
        annotations: .init(title: "Read a text file", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
    )

    static let add = Tool(
        name: "add",
        title: "Add two numbers",
        description: "Adds `a` and `b` and returns the sum, as text and as structured content `{\"sum\": number}`.",
        inputSchema: [
            "type": "object",
            "properties": [
                "a": ["type": "number", "description": "First addend."],
                "b": ["type": "number", "description": "Second addend."],
            ],
            "required": ["a", "b"],
            "additionalProperties": false,
        ],
        annotations: .init(title: "Add two numbers", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
        outputSchema: [
            "type": "object",
            "properties": ["sum": ["type": "number"]],
            "required": ["sum"],
        ]
    )

    static let slow = Tool(
        name: "slow",
        title: "Wait a while",
        description: """
            Waits `seconds` (default 2, at most 30) and then says so. When the request carries a progressToken \
            it sends notifications/progress every second; cancelling the request stops it. Meant for testing progress and cancellation.
            """,
        inputSchema: [
            "type": "object",
            "properties": [
                "seconds": [
                    "type": "number", "minimum": 0, "maximum": .int(Int(DemoTools.maxSlowSeconds)), "default": 2,
                    "description": "How long to wait, in seconds.",
                ],
            ],
            "additionalProperties": false,
        ],
        annotations: .init(title: "Wait a while", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
    )
}
