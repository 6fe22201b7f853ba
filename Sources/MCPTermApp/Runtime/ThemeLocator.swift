import Foundation
import TUI

/// Finds and loads a theme by name from `themes/` folders: the working directory's,
/// $XDG_CONFIG_HOME/mcpterm's (or ~/.config/mcpterm's), and the one beside the build.
enum ThemeLocator {
    static func searchPaths(workingDirectory: String, environment: [String: String], executablePath: String) -> [String] {
        var paths = [workingDirectory + "/themes"]
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            paths.append(xdg + "/mcpterm/themes")
        } else if let home = environment["HOME"] {
            paths.append(home + "/.config/mcpterm/themes")
        }
        // .build/<config>/mcpterm → the package root's themes/
        let exeDir = (executablePath as NSString).deletingLastPathComponent
        paths.append(((exeDir as NSString).appendingPathComponent("../../themes") as NSString).standardizingPath)
        return paths
    }

    /// Loads `name` (or "default"); a missing default falls back to the built-in theme, a missing
    /// named theme or a broken file is an error naming the file.
    static func load(name: String?, searchPaths: [String]) throws -> Theme {
        let wanted = name ?? "default"
        func resolve(_ themeName: String) throws -> Theme {
            for dir in searchPaths {
                let path = "\(dir)/\(themeName).json"
                if FileManager.default.fileExists(atPath: path) {
                    return try Theme.load(path: path, resolve: resolve)
                }
            }
            if themeName == "default" { return Theme.builtinDefault }
            throw ThemeNotFound(name: themeName, searched: searchPaths)
        }
        return try resolve(wanted)
    }
}

/// No theme file of that name in any search path.
struct ThemeNotFound: Error, CustomStringConvertible {
    var name: String
    var searched: [String]
    var description: String {
        "theme \"\(name)\" not found (looked for \(name).json in \(searched.joined(separator: ", ")))"
    }
}
