#if canImport(Glibc)
import Glibc

/// glibc functions that Swift's Glibc module hides behind `_GNU_SOURCE`, looked up at run time
/// so MCPHost needs no C shim target.
enum GNUExtensions {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>,
                                                 UnsafePointer<CChar>) -> Int32

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        guard let handle = dlopen(nil, RTLD_NOW) else { return nil }
        return dlsym(handle, name)
    }

    private typealias MallocTrim = @convention(c) (Int) -> Int32
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32

    private static let pipe2Function: Pipe2? =
        symbol("pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
    private static let addChdirFunction: AddChdir? =
        symbol("posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }

    private static let mallocTrimFunction: MallocTrim? =
        symbol("malloc_trim").map { unsafeBitCast($0, to: MallocTrim.self) }

    private static let malloptFunction: Mallopt? =
        symbol("mallopt").map { unsafeBitCast($0, to: Mallopt.self) }

    /// `mallopt(M_MMAP_THRESHOLD, bytes)` (malloc.h: M_MMAP_THRESHOLD is -3). Setting it also
    /// turns off glibc's dynamic threshold. Returns false when it could not be set.
    @discardableResult
    static func setMmapThreshold(_ bytes: Int32) -> Bool {
        (malloptFunction?(-3, bytes) ?? 0) == 1
    }

    /// `malloc_trim(0)` (malloc.h, not in Swift's Glibc module): gives free heap pages of every
    /// arena back to the system. A no-op when the C library has no such function.
    static func trimHeap() {
        _ = mallocTrimFunction?(0)
    }

    /// `pipe2(fds, O_CLOEXEC)`: both ends close-on-exec atomically, so a server spawned by
    /// another thread at the same moment cannot inherit them (and keep our pipe open).
    static func pipeCloseOnExec(_ fds: inout [Int32]) -> Int32 {
        guard let pipe2 = pipe2Function else { errno = ENOSYS; return -1 }
        return fds.withUnsafeMutableBufferPointer { pipe2($0.baseAddress!, O_CLOEXEC) }
    }

    /// `posix_spawn_file_actions_addchdir_np`; returns ENOSYS when glibc lacks it (< 2.29).
    static func addChdir(_ actions: inout posix_spawn_file_actions_t, _ path: String) -> Int32 {
        guard let addChdir = addChdirFunction else { return ENOSYS }
        return path.withCString { addChdir(&actions, $0) }
    }
}
#endif
