package io.tollgate.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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

/**
 * The read deadlines of a request body ({@code tollgate.server.read-timeout} between two reads,
 * {@code request-timeout} for the whole body), answered as any HTTP server answers a client that stalls while
 * sending its request: {@code 408 Request Timeout} with {@code {"message":"Request Timeout"}}, then the connection
 * is closed. Reactor Netty's own read and request timeouts close the connection without a word, so Tollgate keeps
 * these deadlines itself, one handler per connection, placed after Reactor Netty's HTTP handlers so that it sees
 * the request the application is reading and the response it writes. A request whose answer has already begun (a
 * 413, or a 403 given before the body was read) is not answered twice: its connection is closed.
 * <p>
 * A deadline is scheduled only for a request that announces a body, and checked against the time of the last read
 * when it fires, so a long upload costs no task per chunk.
 */
final class RequestBodyDeadlines extends ChannelDuplexHandler {

	static final String HANDLER_NAME = "tollgate.requestBodyDeadlines";

	private static final byte[] BODY = "{\"message\":\"Request Timeout\"}".getBytes(StandardCharsets.UTF_8);

	private final long readTimeoutNanos;

	private final long requestTimeoutNanos;

	/** A request head has arrived and its body has not ended. */
	private boolean reading;

	private long requestStartNanos;

	private long lastReadNanos;

	/** The current request's response has begun. */
	private boolean responding;

	/** The connection was answered 408: nothing the application writes afterwards goes out. */
	private boolean timedOut;

	private @Nullable ScheduledFuture<?> deadline;

	RequestBodyDeadlines(Duration readTimeout, Duration requestTimeout) {
		this.readTimeoutNanos = readTimeout.toNanos();
		this.requestTimeoutNanos = requestTimeout.toNanos();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpRequest request) {
			this.responding = false;
			this.reading = !(msg instanceof LastHttpContent);
			this.requestStartNanos = System.nanoTime();
			this.lastReadNanos = this.requestStartNanos;
			if (this.reading && hasBody(request)) {
				scheduleDeadline(ctx, nanosLeft(this.requestStartNanos));
			}
		}
		else if (msg instanceof LastHttpContent) {
			this.reading = false;
			cancelDeadline();
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
		ctx.write(msg, promise);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancelDeadline();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancelDeadline();
	}

	/** Whether a body follows the head; without one the decoder ends the request in the same read. */
	private static boolean hasBody(HttpRequest request) {
		return HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
	}

	private long nanosLeft(long now) {
		return Math.min(this.lastReadNanos + this.readTimeoutNanos, this.requestStartNanos + this.requestTimeoutNanos)
				- now;
	}

	private void scheduleDeadline(ChannelHandlerContext ctx, long delayNanos) {
		this.deadline = ctx.executor().schedule(() -> onDeadline(ctx), delayNanos, TimeUnit.NANOSECONDS);
	}

	private void onDeadline(ChannelHandlerContext ctx) {
		this.deadline = null;
		if (!this.reading || !ctx.channel().isActive()) {
			return;
		}
		long left = nanosLeft(System.nanoTime());
		if (left > 0) {
			// Read since the deadline was set: wait for the rest.
			scheduleDeadline(ctx, left);
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

	private void cancelDeadline() {
		ScheduledFuture<?> pending = this.deadline;
		if (pending != null) {
			pending.cancel(false);
			this.deadline = null;
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

}
