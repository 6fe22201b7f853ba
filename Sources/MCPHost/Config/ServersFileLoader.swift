import Foundation

/// Reads a `servers.json` (Claude Desktop's `mcpServers` format, extended with `type`, `url`,
/// `headers`, `cwd`, `timeout`, `alwaysAllow`, `roots`) into valid servers plus problems, and
/// mcpterm's own top-level settings beside `mcpServers` (`"mouse"`).
public enum ServersFileLoader {
    /// Parses the file; never throws: a syntax error gives a single file-level problem with its line and column;
    /// each bad entry becomes a problem (file, line of that entry's key or of the bad value, server name) and is
    /// left out; the other servers load. `displayName` is how the file is named in messages.
    public static func load(path: String, displayName: String, environment: [String: String]) -> ServersFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedDescription
            let problem = ConfigProblem(file: displayName, line: 0, server: nil, message: "cannot read the file: \(reason)")
            return ServersFile(path: path, servers: [], problems: [problem])
        }
        var file = parse(data, displayName: displayName, environment: environment)
        file.path = path
        return file
    }

    /// Like `load`, from bytes already read; the result's `path` is nil (the caller knows where they came from).
    public static func parse(_ data: Data, displayName: String, environment: [String: String]) -> ServersFile {
        let root: ConfigJSON
        do {
            root = try ConfigJSON.parse(data)
        } catch {
            let problem = ConfigProblem(
                file: displayName, line: error.line, server: nil, message: error.message, column: error.column)
            return ServersFile(path: nil, servers: [], problems: [problem])
        }
        func fileProblem(_ line: Int, _ message: String) -> ServersFile {
            ServersFile(path: nil, servers: [], problems: [ConfigProblem(file: displayName, line: line, server: nil, message: message)])
        }
        // Other top-level keys are allowed: Claude Desktop's file keeps its own settings beside `mcpServers`.
        guard case .object(let top) = root.value else {
            return fileProblem(root.line, "the file must hold a JSON object with an \"mcpServers\" object")
        }
        guard let serversMember = top.first(where: { $0.key == "mcpServers" }) else {
            return fileProblem(root.line, "no \"mcpServers\" object")
        }
        guard case .object(let entries) = serversMember.value.value else {
            return fileProblem(serversMember.value.line, "\"mcpServers\" must be an object")
        }

        var servers: [ServerConfig] = []
        var problems: [ConfigProblem] = []
        var firstLine: [String: Int] = [:]
        for entry in entries {
            if let earlier = firstLine[entry.key] {
                problems.append(ConfigProblem(
                    file: displayName, line: entry.keyLine, server: entry.key,
                    message: "is defined twice (first at line \(earlier)); this entry is left out"))
                continue
            }
            firstLine[entry.key] = entry.keyLine
            var decoder = ServerEntryDecoder(
                name: entry.key, keyLine: entry.keyLine, file: displayName, environment: environment)
            do {
                let server = try decoder.decode(entry.value)
                servers.append(server)
                problems += decoder.warnings
            } catch {
                problems += decoder.warnings
                problems.append(error)
            }
        }
        var mouse: Bool?
        if let member = top.first(where: { $0.key == "mouse" }) {
            if case .bool(let on) = member.value.value {
                mouse = on
            } else {
                problems.append(ConfigProblem(file: displayName, line: member.value.line, server: nil,
                                              message: "\"mouse\" must be true or false (it is ignored)", isWarning: true))
            }
        }
        var modelDecoder = ModelSettingsDecoder(file: displayName, environment: environment)
        let models = modelDecoder.decode(top)
        return ServersFile(path: nil, servers: servers, problems: problems + modelDecoder.problems, models: models,
                           mouse: mouse)
    }
}
