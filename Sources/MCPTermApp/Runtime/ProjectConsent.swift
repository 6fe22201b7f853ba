import Foundation
import MCPHost
import TUI

#if canImport(Glibc)
    import Glibc
#endif

/// The question a project servers.json (found in the working directory) must get a yes to before
/// any of its servers starts, asked on the plain terminal before the TUI opens, like ssh's
/// host-key question; the answer is kept per file and content in `ProjectTrustStore`.
struct ProjectConsent {
    /// `--trust-project`: yes for this run, and remembered.
    var trustFlag: Bool
    /// Shows the question and returns the line typed; nil when stdin is not a terminal.
    var ask: ((String) -> String?)?
    /// Where answers are kept; nil without a state directory (then every run asks).
    var store: ProjectTrustStore?

    /// The reason a refused server shows, and what to do about it.
    static let notTrustedReason = "not trusted: run mcpterm again and answer y, or start it with --trust-project"

    /// The real terminal: asks on stderr, reads stdin, only when stdin is a terminal.
    static func terminal(_ options: LaunchOptions) -> ProjectConsent {
        let ask: ((String) -> String?)? = isatty(0) == 1 ? { question in
            FileHandle.standardError.write(Data(question.utf8))
            return readLine(strippingNewline: true) ?? ""
        } : nil
        return ProjectConsent(trustFlag: options.trustProject, ask: ask,
                              store: ProjectTrustStore.standard(environment: options.environment))
    }

    /// What became of a project file's servers.
    struct Outcome {
        /// The servers to hand the host: as configured when approved, else each disabled with
        /// `notTrusted` and without `alwaysAllow`.
        var servers: [ServerConfig]
        /// The content approved for this run (for `/reload`), nil when refused.
        var approvedDigest: String?
        var notices: [String] = []
        var errors: [String] = []
        /// Said on stderr when there was no terminal to ask on.
        var refusal: String?
    }

    /// Decides, asking when it must, whether the servers of `file` (a project file whose bytes
    /// hash to `digest`) may start.
    func resolve(_ file: ServersFile, path: String, displayName: String, digest: String) -> Outcome {
        var errors: [String] = []
        var earlier: String?
        var approved = false
        if let store {
            do {
                earlier = try store.approvedDigest(for: path)
                approved = earlier == digest
            } catch {
                errors.append("project servers.json: the saved answers could not be used: \(error); asking again")
            }
        }
        let decision = ProjectTrustDecision.decide(origin: .project, approved: approved, trustFlag: trustFlag,
                                                   canAsk: ask != nil)
        var yes: Bool
        switch decision {
        case .notNeeded, .remembered: yes = true
        case .trustedByFlag: yes = true
        case .refused: yes = false
        case .ask:
            for line in errors { FileHandle.standardError.write(Data("mcpterm: \(line.sanitizedForTerminal())\n".utf8)) }
            let question = Self.question(displayName: displayName, directory: (path as NSString).deletingLastPathComponent,
                                         servers: file.servers, changed: earlier != nil && earlier != digest)
            let answer = ask?(question) ?? ""
            yes = Self.isYes(answer)
        }
        if yes {
            if decision == .trustedByFlag || decision == .ask, let store {
                do {
                    try store.remember(file: path, digest: digest)
                } catch {
                    errors.append("project servers.json: approved for this run only: \(error)")
                }
            }
            return Outcome(servers: file.servers, approvedDigest: digest, errors: errors)
        }
        let names = file.servers.filter { !$0.disabled }.map(\.name)
        let summary = "\(displayName) is a project file (found in the working directory) that was not approved: "
            + (names.isEmpty ? "nothing" : names.joined(separator: ", ")) + " not started, its alwaysAllow ignored. "
            + "Run mcpterm again and answer y, or start it with --trust-project."
        var outcome = Outcome(servers: Self.refused(file.servers), approvedDigest: nil, errors: errors + [summary])
        if decision == .refused {
            outcome.refusal = "mcpterm: \(displayName) in this directory can start programs, and there is no terminal on stdin "
                + "to ask whether it may: its servers were not started. Run mcpterm in a terminal and answer y, "
                + "or pass --trust-project."
        }
        return outcome
    }

    /// Only "y" or "yes" (any case) is a yes.
    static func isYes(_ answer: String) -> Bool {
        ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// The servers as they must be when the file is not approved: none starts, none pre-approves a tool.
    static func refused(_ servers: [ServerConfig]) -> [ServerConfig] {
        servers.map { server in
            var server = server
            server.disabled = true
            server.notTrusted = notTrustedReason
            server.alwaysAllow = []
            return server
        }
    }

    /// The question: every server's exact command line (env var names, never their values) or
    /// URL, the `alwaysAllow` lists, then `Start these servers? [y/N] `. What the file says is
    /// shown as text: each piece passes `sanitizedForTerminal()`.
    static func question(displayName: String, directory: String, servers: [ServerConfig], changed: Bool) -> String {
        func safe(_ text: String) -> String { text.sanitizedForTerminal() }
        var lines = ["mcpterm: \(safe(displayName)) in \(safe(directory)) is a project file: it can start programs on this computer."]
        if changed { lines.append("It has changed since you approved it.") }
        lines.append(servers.isEmpty ? "It defines no usable server." : (changed ? "It now runs:" : "It runs:"))
        for server in servers {
            let label = "  \(safe(server.name))" + (server.disabled ? " (disabled; /enable starts it)" : "") + ": "
            switch server.kind {
            case .stdio:
                let words = [server.command ?? ""] + server.args
                lines.append(label + words.map { safe(shellQuoted($0)) }.joined(separator: " "))
                if let cwd = server.cwd { lines.append("      in \(safe(cwd))") }
                if !server.env.isEmpty {
                    lines.append("      env: " + server.env.keys.sorted().map(safe).joined(separator: ", ") + " (values not shown)")
                }
            case .http, .sse, .ws:
                lines.append(label + safe(server.url ?? "") + " (\(server.kind.rawValue))")
                if !server.headers.isEmpty {
                    lines.append("      headers: " + server.headers.keys.sorted().map(safe).joined(separator: ", ") + " (values not shown)")
                }
            }
        }
        let preApproved = servers.filter { !$0.alwaysAllow.isEmpty }
        if !preApproved.isEmpty {
            lines.append("It pre-approves tools with alwaysAllow (they would run without asking):")
            for server in preApproved {
                lines.append("  \(safe(server.name)): " + server.alwaysAllow.map(safe).joined(separator: ", "))
            }
        }
        return lines.joined(separator: "\n") + "\nStart these servers? [y/N] "
    }

    /// A word as a POSIX shell would need it to read back the same: quoted when it holds a space,
    /// a quote or another character the shell treats specially.
    static func shellQuoted(_ word: String) -> String {
        let plain = CharacterSet(charactersIn: "@%+=:,./-_").union(.alphanumerics)
        if !word.isEmpty, word.unicodeScalars.allSatisfy({ plain.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The servers.json at `located`, parsed from the very bytes that are hashed (so what is
    /// approved is what is loaded); `digest` is nil when it could not be read.
    static func read(_ located: LocatedConfig, displayName: String,
                     environment: [String: String]) -> (file: ServersFile, digest: String?) {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: located.path)) else {
            // The loader says why it cannot be read.
            return (ServersFileLoader.load(path: located.path, displayName: displayName, environment: environment), nil)
        }
        var file = ServersFileLoader.parse(data, displayName: displayName, environment: environment)
        file.path = located.path
        return (file, ProjectTrustStore.digest(data))
    }
}
