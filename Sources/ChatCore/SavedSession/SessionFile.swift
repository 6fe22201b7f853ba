import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
    private func systemClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
    private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { Glibc.write(fd, bytes, count) }
#elseif canImport(Darwin)
    import Darwin
    private func systemClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
    private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { Darwin.write(fd, bytes, count) }
    private func fdatasync(_ fd: Int32) -> Int32 { fsync(fd) }
#endif

/// A session file open for appending, mode 0600.
///
/// Flush policy: `append` writes each entry as one `write(2)` of the whole line on an
/// `O_APPEND` descriptor, with no user-space buffer, so once it returns a crash of mcpterm
/// cannot lose the line. `sync` (`fdatasync(2)`) makes the lines survive a power cut too; it
/// can take milliseconds, so the runtime calls it off the UI loop after each append.
public final class SessionFile: Sendable {
    public let path: String
    /// The descriptor, -1 once closed; appends and syncs from different threads take it in turn.
    private let descriptor: Mutex<Int32>

    private init(path: String, fd: Int32) {
        self.path = path
        self.descriptor = Mutex(fd)
    }

    deinit {
        descriptor.withLock { fd in
            if fd >= 0 { _ = systemClose(fd) }
        }
    }

    /// Creates a new file (it must not exist yet) with mode 0600.
    public static func create(path: String) throws(SessionStoreError) -> SessionFile {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: Self.errnoText()) }
        // The umask can only take bits away from 0600, but say it explicitly: sessions are private.
        _ = fchmod(fd, 0o600)
        return SessionFile(path: path, fd: fd)
    }

    /// Opens an existing file to continue it (`--resume`). A last line torn by a crash is ended
    /// with a newline first, so the next entry starts on a line of its own.
    public static func openForAppend(path: String) throws(SessionStoreError) -> SessionFile {
        let fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: Self.errnoText()) }
        let file = SessionFile(path: path, fd: fd)
        let size = lseek(fd, 0, SEEK_END)
        if size > 0 {
            var last: UInt8 = 0
            if pread(fd, &last, 1, size - 1) == 1, last != 0x0A {
                try file.write(Data([0x0A]))
            }
        }
        return file
    }

    /// Appends one entry as one line.
    public func append(_ entry: SessionEntry) throws(SessionStoreError) {
        let line: Data
        do {
            line = try entry.jsonLine()
        } catch {
            throw .cannotWrite(path: path, reason: "cannot encode a \(entry.typeName) record: \(error)")
        }
        try write(line)
    }

    /// Closes the file; later appends fail.
    public func close() {
        descriptor.withLock { fd in
            if fd >= 0 { _ = systemClose(fd) }
            fd = -1
        }
    }

    private func write(_ data: Data) throws(SessionStoreError) {
        let failure: String? = descriptor.withLock { fd in
            guard fd >= 0 else { return "the file is closed" }
            return data.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return nil }
                var offset = 0
                while offset < buffer.count {
                    let n = systemWrite(fd, base + offset, buffer.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return Self.errnoText()
                    }
                    offset += n
                }
                return nil
            }
        }
        if let failure { throw .cannotWrite(path: path, reason: failure) }
    }

    /// Waits until what was appended is on the disk. A closed file has nothing to sync.
    public func sync() throws(SessionStoreError) {
        let failure: String? = descriptor.withLock { fd in
            guard fd >= 0 else { return nil }
            // EINVAL: a file that cannot be synced (e.g. a pipe)
            return fdatasync(fd) != 0 && errno != EINVAL ? Self.errnoText() : nil
        }
        if let failure { throw .cannotWrite(path: path, reason: "fdatasync: \(failure)") }
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
