import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket

/// Watches a WebSocket pipeline for how the connection ends: the server's close frame (code and
/// reason) and the first pipeline error (a frame or message over the size limit, a TLS failure).
/// WebSocketKit's own `WebSocket` keeps neither the close reason nor the error.
final class WebSocketCloseObserver: ChannelInboundHandler, Sendable {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame

    /// What the observer has seen so far.
    struct Ending: Sendable {
        /// The close frame's status code (nil when it carried none) and reason.
        var closeFrame: (code: UInt16?, reason: String)?
        var error: (any Error)?
    }

    private let state = NIOLockedValueBox(Ending())

    var ending: Ending { state.withLockedValue { $0 } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        if frame.opcode == .connectionClose {
            var payload = frame.unmaskedData
            let code = payload.readInteger(as: UInt16.self)
            let reason = payload.readString(length: payload.readableBytes) ?? ""
            state.withLockedValue { if $0.closeFrame == nil { $0.closeFrame = (code, reason) } }
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        state.withLockedValue { if $0.error == nil { $0.error = error } }
        context.fireErrorCaught(error)
    }
}
