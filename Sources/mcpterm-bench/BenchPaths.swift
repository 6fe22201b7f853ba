import Foundation

/// Where the bench finds the programs it runs; every path is checked before anything starts.
struct BenchPaths {
    var demoServer: String
    var python: String
    var pythonClientScript: String
    var fixtureServer: String

    init(packageRoot: String, demoServer: String?) throws {
        let root = URL(fileURLWithPath: packageRoot)
        self.demoServer = demoServer ?? Self.executableFolder().appendingPathComponent("mcpterm-demo-server").path
        python = root.appendingPathComponent(".venv/bin/python").path
        pythonClientScript = root.appendingPathComponent("scripts/bench_python_client.py").path
        fixtureServer = root.appendingPathComponent("Tests/Fixtures/mcp_fixture_server.py").path

        let manager = FileManager.default
        guard manager.isExecutableFile(atPath: self.demoServer) else {
            throw BenchError.missingFile(
                what: "mcpterm-demo-server (build it: swift build -c release --product mcpterm-demo-server)",
                path: self.demoServer)
        }
        guard manager.isExecutableFile(atPath: python) else {
            throw BenchError.missingFile(what: "the Python venv (run scripts/setup-python.sh)", path: python)
        }
        for (what, path) in [("the Python client script", pythonClientScript),
                             ("the Python fixture server", fixtureServer)]
        where !manager.fileExists(atPath: path) {
            throw BenchError.missingFile(what: "\(what) (is --package-root the package root?)", path: path)
        }
    }

    /// The folder of the running executable, through symlinks (`/proc/self/exe` on Linux).
    static func executableFolder() -> URL {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
    }
}
