import Foundation
import Logging
import MCP

/// An in-memory `Transport`: records what the session sends and delivers what the test scripts.
actor ScriptedTransport: Transport {
    nonisolated let logger = Logger(label: "mcpterm.tests.scripted")
    /// Every message the session sent, as text.
    nonisolated let sent = Recorder<String>()
    private let stream: AsyncThrowingStream<Data, any Error>
    private let input: AsyncThrowingStream<Data, any Error>.Continuation

    init() {
        (stream, input) = AsyncThrowingStream.makeStream(of: Data.self)
    }

    func connect() async throws {}

    func disconnect() async {
        input.finish()
    }

    func send(_ data: Data) async throws {
        sent.append(String(decoding: data, as: UTF8.self))
    }

    func receive() -> AsyncThrowingStream<Data, any Error> {
        stream
    }

    /// Hands one message from the "server" to the session.
    nonisolated func deliver(_ json: String) {
        input.yield(Data(json.utf8))
    }

    nonisolated func fail(_ error: any Error) {
        input.finish(throwing: error)
    }
}
