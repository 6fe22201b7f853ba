import Dispatch
import Foundation
import TUI

#if canImport(Glibc)
    import Glibc
#endif

/// Signals as events: SIGWINCH a resize (the TUI), any other a clean exit (`.terminate`).
final class SignalEvents {
    private var sources: [DispatchSourceSignal] = []

    /// Takes over `signals` (ignored by default, then heard) until `cancel()`.
    init(_ continuation: AsyncStream<AppEvent>.Continuation, signals: [Int32]) {
        for sig in signals {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                if sig == SIGWINCH {
                    // The event carries the size the kernel reports now; the loop hands it to the backend.
                    if let size = NcursesBackend.terminalSize() {
                        continuation.yield(.resize(width: size.width, height: size.height))
                    }
                } else {
                    continuation.yield(.terminate(signal: sig))
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        sources.forEach { $0.cancel() }
    }
}
