// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "mcpterm",
    platforms: [.macOS("13.0")],
    products: [
        .executable(name: "mcpterm", targets: ["mcpterm"]),
        .executable(name: "mcpterm-demo-server", targets: ["mcpterm-demo-server"]),
        .executable(name: "mcpterm-bench", targets: ["mcpterm-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/websocket-kit", from: "2.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.78.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.24.0"),
        // SHA-256 of a project servers.json (its trust record); already in the graph via swift-certificates.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // Per-server latency percentiles in bounded memory (issue 13); in the machine's package mirror.
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // System C libraries (module maps and static inline shims only).
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CCmarkGFM", path: "Sources/CCmarkGFM",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),

        // Layers, lowest first.
        .target(name: "TUI", dependencies: ["CNcursesw", "CCmarkGFM"]),
        .target(name: "HTTPStreaming", dependencies: ["CCurl"]),
        .target(name: "LLM", dependencies: ["HTTPStreaming"]),
        .target(name: "MCPHost", dependencies: [
            .product(name: "MCP", package: "swift-sdk"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "WebSocketKit", package: "websocket-kit"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Histogram", package: "hdrhistogram-swift"),
            "HTTPStreaming",
        ]),
        .target(name: "ChatCore", dependencies: [
            "LLM", "MCPHost", .product(name: "MCP", package: "swift-sdk"),
        ]),
        .target(name: "MCPTermApp", dependencies: [
            "ChatCore", "TUI", "LLM", "MCPHost",
            .product(name: "MCP", package: "swift-sdk"),
        ]),
        .executableTarget(name: "mcpterm", dependencies: [
            "MCPTermApp",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "mcpterm-demo-server", dependencies: [
            "MCPHost", .product(name: "MCP", package: "swift-sdk"),
        ]),
        .executableTarget(name: "mcpterm-bench", dependencies: [
            "MCPHost", "MCPTermApp", "ChatCore", "LLM", "TUI", .product(name: "MCP", package: "swift-sdk"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Tests, one target per layer, and what they share (fixture processes).
        .target(name: "TestSupport", dependencies: [
            "TUI", "MCPHost", .product(name: "MCP", package: "swift-sdk"), .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/TestSupport"),
        .testTarget(name: "TUITests", dependencies: ["TUI"]),
        .testTarget(name: "HTTPStreamingTests", dependencies: ["HTTPStreaming", "TestSupport"]),
        .testTarget(name: "LLMTests", dependencies: ["LLM", "HTTPStreaming", "TestSupport"]),
        .testTarget(name: "MCPHostTests", dependencies: [
            "MCPHost", "HTTPStreaming", "TestSupport", .product(name: "MCP", package: "swift-sdk"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ChatCoreTests", dependencies: [
            "ChatCore", "LLM", "MCPHost", .product(name: "MCP", package: "swift-sdk"),
        ]),
        .testTarget(name: "MCPTermAppTests", dependencies: [
            "MCPTermApp", "TUI", "ChatCore", "LLM", "MCPHost", "TestSupport",
            .product(name: "MCP", package: "swift-sdk"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
