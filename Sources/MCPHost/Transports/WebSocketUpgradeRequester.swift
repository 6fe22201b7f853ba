import NIOCore
import NIOHTTP1

/// Sends the HTTP upgrade request once the connection is up. NIO's upgrade handler in front of it
/// adds the `Upgrade`, `Connection` and `Sec-WebSocket-*` fields and swallows a 101; any response
/// that reaches this handler is a refusal, reported with its status and the start of its body.
/// Removed from the pipeline when the upgrade succeeds.
final class WebSocketUpgradeRequester: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// How much of a refusal's body is kept for the message.
    static let bodyLimit = 300

    private let head: HTTPRequestHead
    private let onRefused: (_ status: Int, _ body: String) -> Void
    private let onFailure: (_ reason: String) -> Void
    private var sent = false
    private var status: Int?
    private var body: [UInt8] = []

    init(head: HTTPRequestHead, onRefused: @escaping (Int, String) -> Void, onFailure: @escaping (String) -> Void) {
        self.head = head
        self.onRefused = onRefused
        self.onFailure = onFailure
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { sendRequest(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        sendRequest(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let response):
            status = Int(response.status.code)
        case .body(var buffer):
            let room = Self.bodyLimit - body.count
            if room > 0, let bytes = buffer.readBytes(length: min(room, buffer.readableBytes)) {
                body += bytes
            }
        case .end:
            onRefused(status ?? 0, String(decoding: body, as: UTF8.self))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let status {
            onRefused(status, String(decoding: body, as: UTF8.self))
        } else {
            onFailure("the server closed the connection before answering")
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        onFailure(String(describing: error))
        context.close(promise: nil)
    }

    private func sendRequest(context: ChannelHandlerContext) {
        guard !sent else { return }
        sent = true
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
