import MCPHost
import TestSupport
import XCTest

/// A real `ServerHost`'s events, read in order by a test: the next event that matches, failing
/// the test when a server fails on the way (its reason shows).
final class HostEventFeed {
    let host: ServerHost
    private var incoming: AsyncStream<HostEvent>.AsyncIterator
    private let pump: Task<Void, Never>

    /// A Python SDK fixture server from Tests/Fixtures, in the handshake era (where servers send
    /// their own requests: sampling, elicitation).
    static func pythonServer(_ name: String, script: String) -> ServerConfig {
        let root = FixtureServer.packageRoot.path
        var config = ServerConfig(name: name, command: root + "/.venv/bin/python", args: [root + "/Tests/Fixtures/" + script])
        config.protocolMode = .handshake
        return config
    }

    /// The feed of a new host for `configs`.
    convenience init(configs: [ServerConfig]) {
        self.init(ServerHost(configs: configs, clientVersion: "0.0.1-test"))
    }

    init(_ host: ServerHost) {
        self.host = host
        let (events, continuation) = AsyncStream<HostEvent>.makeStream(bufferingPolicy: .unbounded)
        pump = Task {
            for await event in host.events { continuation.yield(event) }
            continuation.finish()
        }
        incoming = events.makeAsyncIterator()
    }

    /// Starts the host and waits until a server is ready.
    func startAndWaitUntilReady() async {
        await host.start()
        _ = await next { if case .serverStatus(let status) = $0 { status.state == .ready } else { false } }
    }

    func next(_ matches: (HostEvent) -> Bool, file: StaticString = #filePath, line: UInt = #line) async -> HostEvent? {
        while let event = await incoming.next() {
            if matches(event) { return event }
            if case .serverStatus(let status) = event, case .failed(let reason) = status.state {
                XCTFail("the fixture failed: \(reason)", file: file, line: line)
                return nil
            }
        }
        return nil
    }

    /// The next request a server sent for the user (sampling, elicitation).
    func nextRequest() async -> PendingServerRequest? {
        guard case .serverRequest(let request)? = await next({ if case .serverRequest = $0 { true } else { false } })
        else { return nil }
        return request
    }

    /// Shuts the host down and waits for its events to end.
    func shutdown() async {
        await host.shutdown()
        await pump.value
    }

    /// Waits for the events to end (after the test shut the host down itself).
    func finished() async {
        await pump.value
    }
}
