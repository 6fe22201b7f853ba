// mcpterm-demo-server: a small MCP server speaking stdio, with the SDK's payload types and its
// own dispatch (see DemoServer). It exits when stdin closes (MCP 2025-11-25
// basic/lifecycle#stdio: the client closes stdin to shut down).
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// A client that goes away must not kill us mid-write with SIGPIPE; the write fails with EPIPE instead.
signal(SIGPIPE, SIG_IGN)

let server = DemoServer(workingDirectory: FileManager.default.currentDirectoryPath,
                        output: MessageWriter(fd: STDOUT_FILENO))
// The main thread reads; `slow` calls run on the concurrency runtime's threads meanwhile.
StdinLineReader.readLines(from: STDIN_FILENO) { line in server.handle(line: line) }
exit(0)
