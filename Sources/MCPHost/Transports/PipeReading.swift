#if canImport(Glibc)
import Glibc
#endif

/// Blocking reads of a pipe on a dedicated thread.
enum PipeReading {
    /// Reads `fd` until EOF, passing each chunk to `consume` (which returns false to stop early).
    /// Returns nil at EOF or when stopped, or the error text of a failed read.
    static func drain(_ fd: Int32, _ consume: (UnsafeRawBufferPointer) -> Bool) -> String? {
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer, size)
            if count == 0 { return nil }
            if count < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            if !consume(UnsafeRawBufferPointer(start: buffer, count: count)) { return nil }
        }
    }
}
