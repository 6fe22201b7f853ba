#if canImport(Glibc)
import Glibc
#endif

/// Process-wide settings the MCP host needs before it starts any server.
public enum HostProcess {
    /// Ignores SIGPIPE, so writing to a server that died gives EPIPE instead of killing the host.
    /// Idempotent; the app calls it at start-up and every transport calls it before spawning.
    public static func prepare() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Hands memory the host no longer uses back to the operating system. glibc keeps freed
    /// pages in its arenas: after three 100 MB lines were refused, 169 MB stayed resident for the
    /// rest of the session. Called after a connection is reset, so a long session does not keep
    /// its worst moment. Cheap (a few milliseconds) and rare.
    public static func returnFreedMemory() {
        #if canImport(Glibc)
        GNUExtensions.trimHeap()
        #endif
    }
}
