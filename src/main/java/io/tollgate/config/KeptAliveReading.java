package io.tollgate.config;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Keeps Reactor Netty reading a kept-alive connection after every response (reactor-netty#4361). A request that
 * arrives while the previous one is still being answered is queued, and Reactor Netty dispatches it once the
 * previous exchange ends. If the queued request is answered at once, within that dispatch (a gateway response, a
 * cached authorizer decision, a throttled call), its own end is handled while the rest of the request is still
 * queued, and the connection is never read again: the client's next request waits for its own timeout.
 * <p>
 * The response's last bytes are written as soon as they are ready; only the report that they were written, which
 * ends the exchange, is handed to a task of its own on the connection's event loop, out of any dispatch. The cost is
 * one task on the loop per response; a 101 Switching Protocols is reported at once. Installed on every server Tollgate runs by {@link ConnectionLimits#applyTo}.
 */
@ChannelHandler.Sharable
final class KeptAliveReading extends ChannelOutboundHandlerAdapter {

	static final String HANDLER_NAME = "tollgate.keptAliveReading";

	static final KeptAliveReading INSTANCE = new KeptAliveReading();

	private KeptAliveReading() {
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (!(msg instanceof LastHttpContent) || promise.isVoid() || isUpgrade(msg)) {
			ctx.write(msg, promise);
			return;
		}
		ChannelPromise written = ctx.newPromise();
		written.addListener((future) -> ctx.executor().execute(() -> {
			if (future.isSuccess()) {
				promise.trySuccess();
			}
			else {
				promise.tryFailure(future.cause());
			}
		}));
		ctx.write(msg, written);
	}

	/**
	 * A 101 ends HTTP on the connection: Netty's WebSocket handshaker swaps the HTTP codec out when this write is
	 * reported, and a frame read before that would reach the HTTP exchange instead of the WebSocket session.
	 */
	private static boolean isUpgrade(Object msg) {
		return msg instanceof HttpResponse response
				&& response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
	}

}
