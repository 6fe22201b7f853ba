import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small file only its owner may read (mode 0600, in a 0700 directory), replaced whole:
/// written beside itself, synced, then renamed over, so a crash never leaves half of it.
/// The trust store and the OAuth token store write this way.
enum PrivateFile {
    /// Writes `data` to `path`; the error is the reason in words (the caller names the file).
    static func write(_ data: Data, to path: String) throws(PrivateFileFailure) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw PrivateFileFailure(reason: (error as NSError).localizedDescription)
        }
        let temporary = path + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw PrivateFileFailure(reason: String(cString: strerror(errno))) }
        var failure: String?
        if fchmod(fd, 0o600) != 0 { failure = String(cString: strerror(errno)) }
        data.withUnsafeBytes { buffer in
            var offset = 0
            while failure == nil, offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                } else {
                    offset += written
                }
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw PrivateFileFailure(reason: failure)
        }
    }

    /// Removes `path`; a file that is not there is fine.
    static func remove(_ path: String) throws(PrivateFileFailure) {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw PrivateFileFailure(reason: String(cString: strerror(errno)))
        }
    }
}

/// Why a private file could not be written, in words.
struct PrivateFileFailure: Error, Sendable {
    var reason: String
}
