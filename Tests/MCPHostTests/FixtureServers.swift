import Foundation
import TestSupport

/// Where the test servers live: the package root (from TestSupport), the venv with
/// the Python MCP SDK and mcp-server-time is `.venv/` in it.
enum FixtureServers {
    static let packageRoot = FixtureServer.packageRoot.path

    static var python: String { packageRoot + "/.venv/bin/python" }
    static var timeServer: String { packageRoot + "/.venv/bin/mcp-server-time" }
    /// The Python SDK 2.x fixture (echo, add, fail, sleep, stderr_line, log_message).
    static var fixtureScript: String { packageRoot + "/Tests/Fixtures/mcp_fixture_server.py" }
    /// The scripted stdlib server for edge cases (junk lines, pagination, odd errors, exit mid-call).
    static var rawScript: String { packageRoot + "/Tests/Fixtures/mcp_raw_server.py" }
}
