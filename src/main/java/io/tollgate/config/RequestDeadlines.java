package io.tollgate.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.tollgate.pipeline.RequestIds;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;

/**
 * The deadlines of a client sending its request, answered as any HTTP server answers a client that stalls while
 * sending: {@code 408 Request Timeout} with {@code {"message":"Request Timeout"}} and {@code Connection: close},
 * then the connection is closed. Reactor Netty's own read and request timeouts, and its idle timeout, close the
 * connection without a word, so Tollgate keeps these deadlines itself, one instance per connection:
 * <ul>
 * <li>the rest of a request head already begun: when Reactor Netty's idle timeout
 * ({@code tollgate.server.idle-timeout}) closes such a connection, {@link #headWatch()}, placed before the HTTP
 * codec, answers 408 first; a connection that sent nothing is closed without an answer;</li>
 * <li>a request body: {@code read-timeout} between two reads, {@code request-timeout} for the whole of it (this
 * handler, placed after Reactor Netty's HTTP handlers, sees the request the application reads and the response it
 * writes).</li>
 * </ul>
 * A request whose answer has already begun (a 413, or a 403 given before the body was read) is not answered twice:
 * its connection is only closed. A body deadline is scheduled only for a request announcing a body, and is checked
 * against the time of the last read when it fires, so a long upload costs no task per chunk.
 */
final class RequestDeadlines extends ChannelDuplexHandler {

	static final String HANDLER_NAME = "tollgate.requestDeadlines";

	static final String HEAD_WATCH_NAME = "tollgate.requestHeadWatch";

	private static final byte[] BODY = "{\"message\":\"Request Timeout\"}".getBytes(StandardCharsets.UTF_8);

	private final long readTimeoutNanos;

	private final long requestTimeoutNanos;

	/** Bytes arrived since the last request head or request end: a head has begun. */
	private boolean headBegun;

	/** A request head has arrived and its body has not ended. */
	private boolean reading;

	private long requestStartNanos;

	private long lastReadNanos;

	/** The current request's response has begun. */
	private boolean responding;

	/** A request reached the application and its response has not ended. */
	private boolean inFlight;

	/** The connection was answered 408: nothing the application writes afterwards goes out. */
	private boolean timedOut;

	private @Nullable ScheduledFuture<?> bodyDeadline;

	RequestDeadlines(Duration readTimeout, Duration requestTimeout) {
		this.readTimeoutNanos = readTimeout.toNanos();
		this.requestTimeoutNanos = requestTimeout.toNanos();
	}

	/** The companion placed before the HTTP codec, which sees a request head begin. */
	HeadWatch headWatch() {
		return new HeadWatch();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpRequest request) {
			this.headBegun = false;
			this.responding = false;
			this.inFlight = true;
			this.reading = !(msg instanceof LastHttpContent);
			this.requestStartNanos = System.nanoTime();
			this.lastReadNanos = this.requestStartNanos;
			if (this.reading && hasBody(request)) {
				scheduleBodyDeadline(ctx, bodyNanosLeft(this.requestStartNanos));
			}
		}
		else if (msg instanceof LastHttpContent) {
			this.headBegun = false;
			this.reading = false;
			cancel(this.bodyDeadline);
			this.bodyDeadline = null;
		}
		else if (msg instanceof HttpContent) {
			this.lastReadNanos = System.nanoTime();
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (this.timedOut) {
			ReferenceCountUtil.release(msg);
			promise.trySuccess();
			return;
		}
		if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
			this.responding = true;
		}
		if (msg instanceof LastHttpContent && this.responding) {
			this.inFlight = false;
		}
		ctx.write(msg, promise);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancelAll();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancelAll();
	}

	/** Whether a body follows the head; without one the decoder ends the request in the same read. */
	private static boolean hasBody(HttpRequest request) {
		return HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
	}

	private long bodyNanosLeft(long now) {
		return Math.min(this.lastReadNanos + this.readTimeoutNanos,
				this.requestStartNanos + this.requestTimeoutNanos) - now;
	}

	private void scheduleBodyDeadline(ChannelHandlerContext ctx, long delayNanos) {
		this.bodyDeadline = ctx.executor().schedule(() -> onBodyDeadline(ctx), delayNanos, TimeUnit.NANOSECONDS);
	}

	private void onBodyDeadline(ChannelHandlerContext ctx) {
		this.bodyDeadline = null;
		if (!this.reading || !ctx.channel().isActive()) {
			return;
		}
		long left = bodyNanosLeft(System.nanoTime());
		if (left > 0) {
			// Read since the deadline was set: wait for the rest.
			scheduleBodyDeadline(ctx, left);
			return;
		}
		this.reading = false;
		if (this.responding) {
			ctx.close();
			return;
		}
		this.timedOut = true;
		// Connection: close makes Reactor Netty close the connection once the answer is written.
		ctx.writeAndFlush(requestTimeout());
	}

	private void cancelAll() {
		cancel(this.bodyDeadline);
		this.bodyDeadline = null;
	}

	private static void cancel(@Nullable ScheduledFuture<?> deadline) {
		if (deadline != null) {
			deadline.cancel(false);
		}
	}

	private static FullHttpResponse requestTimeout() {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
				HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.wrappedBuffer(BODY));
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length)
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
			.set("x-amzn-RequestId", RequestIds.requestId());
		return response;
	}

	/**
	 * Placed before the HTTP codec: sees the bytes of a head begin, and the close of Reactor Netty's idle timeout
	 * (which comes from after the codec) go by. The first bytes after a request boundary begin a head; if the idle
	 * timeout closes the connection before the head is whole, the client is answered 408 first. Bytes that arrive
	 * while a request is in flight (its body, or requests pipelined behind it) and a read that ends one request and
	 * begins the next are not counted: such a connection is closed without an answer, as one that sent nothing.
	 */
	final class HeadWatch extends ChannelDuplexHandler {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (!RequestDeadlines.this.headBegun && !RequestDeadlines.this.inFlight && msg instanceof ByteBuf bytes
					&& bytes.isReadable()) {
				// Cleared again by the message side if the codec decodes a whole head from this read.
				RequestDeadlines.this.headBegun = true;
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			// An answer to the head under way (Reactor Netty's 400 for a malformed one): no 408 after it.
			RequestDeadlines.this.headBegun = false;
			ctx.write(msg, promise);
		}

		@Override
		public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
			ChannelHandlerContext afterCodec = ctx.pipeline().context(NettyPipeline.HttpTrafficHandler);
			if (!RequestDeadlines.this.headBegun || RequestDeadlines.this.inFlight || RequestDeadlines.this.timedOut
					|| afterCodec == null || !ctx.channel().isActive()) {
				ctx.close(promise);
				return;
			}
			RequestDeadlines.this.timedOut = true;
			// No request reached Reactor Netty: the answer goes through the codec alone, then the connection closes.
			afterCodec.writeAndFlush(requestTimeout()).addListener((written) -> ctx.close(promise));
		}

	}

}
