import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads text files for the `read_file` tool, confined to one directory: the path a model
/// gives is untrusted, so `..` and symlinks are resolved before checking it stays inside.
struct WorkspaceFileReader: Sendable {
    static let maxBytes = 1 << 20

    /// Why a file was not read, in words a model can act on.
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// The directory, with symlinks resolved, so prefix checks compare like with like.
    let root: String

    init(directory: String) {
        root = Self.realPath(directory) ?? directory
    }

    func read(_ path: String) throws(Refusal) -> String {
        guard !path.isEmpty, !path.contains("\0") else { throw Refusal(description: "\"path\" must be a non-empty file path") }
        guard !path.hasPrefix("/") else {
            throw Refusal(description: "absolute paths are refused (\(path)): give a path relative to the working directory")
        }
        // Refuse a lexical escape before touching the file system, so "does it exist?" is never answered for outside files.
        guard !Self.climbsAboveStart(path) else {
            throw Refusal(description: "\(path) is outside the working directory; reading it is refused")
        }
        guard let resolved = Self.realPath(root + "/" + path) else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw Refusal(description: "cannot read \(path): \(reason)")
        }
        let inside = root == "/" ? resolved.hasPrefix("/") : resolved.hasPrefix(root + "/")
        guard inside else { throw Refusal(description: "\(path) is outside the working directory; reading it is refused") }

        var info = stat()
        guard stat(resolved, &info) == 0 else {
            throw Refusal(description: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        let type = info.st_mode & S_IFMT
        guard type != S_IFDIR else { throw Refusal(description: "\(path) is a directory, not a file") }
        guard type == S_IFREG else { throw Refusal(description: "\(path) is not a regular file") }
        guard Int(info.st_size) <= Self.maxBytes else { throw tooBig(path, size: Int(info.st_size)) }

        guard let handle = FileHandle(forReadingAtPath: resolved) else {
            throw Refusal(description: "cannot open \(path)")
        }
        defer { try? handle.close() }
        // Read one byte past the limit: the file may have grown since stat.
        let data: Data
        do {
            data = try handle.read(upToCount: Self.maxBytes + 1) ?? Data()
        } catch {
            throw Refusal(description: "cannot read \(path): \(error.localizedDescription)")
        }
        guard data.count <= Self.maxBytes else { throw tooBig(path, size: data.count) }
        guard !data.contains(0), let text = String(validating: data, as: UTF8.self) else {
            throw Refusal(description: "\(path) is a binary file (not UTF-8 text); only text files can be read")
        }
        return text
    }

    private func tooBig(_ path: String, size: Int) -> Refusal {
        Refusal(description: "\(path) is \(size) bytes; files over 1 MiB (\(Self.maxBytes) bytes) are refused")
    }

    /// True when the `..` components of a relative path reach above its starting directory.
    private static func climbsAboveStart(_ path: String) -> Bool {
        var depth = 0
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                depth -= 1
                if depth < 0 { return true }
            default: depth += 1
            }
        }
        return false
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
