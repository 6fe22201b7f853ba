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
}
