import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers a request the HTTP parser or the header conversion refused (a control character in a
/// header value, a malformed request line, …) with `400` and `Connection: close`, then closes the
/// connection. Without it such a connection got no answer at all and stayed open until the idle
/// timeout. Sits after the HTTP codec, where decoding errors pass on their way to the tail; when a
/// response is already under way it only closes (a second head would corrupt the stream).
final class MalformedRequestAnswer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var responding = false
    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head: responding = true
        case .end: responding = false
        case .body: break
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !answered else { return }
        answered = true
        guard !responding else {
            context.close(promise: nil)
            return
        }
        var fields = HTTPFields()
        fields[.connection] = "close"
        fields[.contentLength] = "0"
        let head = HTTPTypes.HTTPResponse(status: .badRequest, headerFields: fields)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
    }
}
