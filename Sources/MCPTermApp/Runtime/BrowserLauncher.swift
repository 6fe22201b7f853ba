import Foundation

/// Opens a page in the user's browser: the first command of `$BROWSER` (a colon-separated list,
/// as xdg-utils reads it), else `xdg-open`. The URL is one argument, never passed to a shell.
enum BrowserLauncher {
    /// The command and arguments that open `url`.
    static func command(for url: String, environment: [String: String]) -> [String] {
        if let browser = environment["BROWSER"]?.split(separator: ":").first.map(String.init),
           !browser.trimmingCharacters(in: .whitespaces).isEmpty {
            let words = browser.split(separator: " ").map(String.init)
            // "%s" in $BROWSER marks where the URL goes.
            if words.contains("%s") { return words.map { $0 == "%s" ? url : $0 } }
            return words + [url]
        }
        return ["xdg-open", url]
    }

    /// Starts the browser and waits for the launcher to exit; nil when it did, else why not.
    static func open(_ url: String, environment: [String: String]) -> String? {
        let arguments = command(for: url, environment: environment)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "\(arguments[0]) could not be started (\(error.localizedDescription))"
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return "\(arguments[0]) exited with status \(process.terminationStatus)"
                + (arguments[0] == "xdg-open" ? " (no browser here? set BROWSER, or copy the URL)" : "")
        }
        return nil
    }
}
