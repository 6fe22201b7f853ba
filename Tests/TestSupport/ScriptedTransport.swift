import Foundation
import Logging
import MCP

/// An in-memory `Transport`: records what the session sends and delivers what the test scripts.
public actor ScriptedTransport: Transport {
    public nonisolated let logger = Logger(label: "mcpterm.tests.scripted")
    /// Every message the session sent, as text.
    public nonisolated let sent = Recorder<String>()
    private let stream: AsyncThrowingStream<Data, any Error>
    private let input: AsyncThrowingStream<Data, any Error>.Continuation

    public init() {
        (stream, input) = AsyncThrowingStream.makeStream(of: Data.self)
    }

    public func connect() async throws {}

    public func disconnect() async {
        input.finish()
    }

    public func send(_ data: Data) async throws {
        sent.append(String(decoding: data, as: UTF8.self))
    }

    public func receive() -> AsyncThrowingStream<Data, any Error> {
        stream
    }

    /// Hands one message from the "server" to the session.
    public nonisolated func deliver(_ json: String) {
        input.yield(Data(json.utf8))
    }

    public nonisolated func fail(_ error: any Error) {
        input.finish(throwing: error)
    }
}
