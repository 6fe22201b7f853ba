// mcpterm-demo-server: a small MCP server on the SDK's `Server` API, speaking stdio.
// It exits when stdin closes (MCP 2025-11-25 basic/lifecycle#stdio: the client closes stdin to shut down).
import Foundation
import MCP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// A client that goes away must not kill us mid-write with SIGPIPE; the write fails with EPIPE instead.
signal(SIGPIPE, SIG_IGN)

let server = await DemoServer.make(workingDirectory: FileManager.default.currentDirectoryPath)
do {
    try await server.start(transport: LineStdioTransport())
    await server.waitUntilCompleted()
} catch {
    FileHandle.standardError.write(Data("mcpterm-demo-server: \(error)\n".utf8))
    exit(1)
}
