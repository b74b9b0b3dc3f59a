package io.tollgate.config;

import java.time.Duration;

import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * How long a client may take to send a request and how many connections one server holds open, so that slow or
 * half-open connections are reaped instead of piling up to the descriptor limit. Applied to every server Tollgate
 * runs: the data plane and the actuator ({@code tollgate.server.max-connections} each), and the management API
 * ({@code tollgate.admin.max-connections}).
 *
 * @param idleTimeout how long a connection may wait for a request (then it is closed without an answer), or for the
 * rest of a request head already started (then it is answered 408 and closed)
 * @param readTimeout the longest pause between two reads of a request body; past it the request is answered 408
 * and the connection closed (once an answer has begun, the connection is only closed)
 * @param requestTimeout how long reading a whole request body may take; past it the request is answered 408 and
 * the connection closed, as above
 * @param maxConnections connections one server holds open at once; further connections are accepted and closed
 * at once
 */
@ConfigurationProperties(ConnectionLimits.PREFIX)
public record ConnectionLimits(@DefaultValue("30s") Duration idleTimeout, @DefaultValue("10s") Duration readTimeout,
		@DefaultValue("30s") Duration requestTimeout, @DefaultValue("10000") int maxConnections) {

	public static final String PREFIX = "tollgate.server";

	public ConnectionLimits {
		Assert.isTrue(idleTimeout.compareTo(Duration.ZERO) > 0, "tollgate.server.idle-timeout must be positive");
		Assert.isTrue(readTimeout.compareTo(Duration.ZERO) > 0, "tollgate.server.read-timeout must be positive");
		Assert.isTrue(requestTimeout.compareTo(Duration.ZERO) > 0, "tollgate.server.request-timeout must be positive");
		Assert.isTrue(maxConnections > 0, "tollgate.server.max-connections must be positive");
	}

	/**
	 * {@code server} with these deadlines and at most {@code connections} open connections. The deadlines of a
	 * request begun are Tollgate's own ({@link RequestDeadlines}, which answers 408), and kept-alive connections are
	 * read again after every response ({@link KeptAliveReading}); both hook into Reactor Netty's HTTP/1.1 pipeline,
	 * which every Tollgate server uses (HTTP/2 is not offered).
	 */
	public HttpServer applyTo(HttpServer server, int connections) {
		return server.idleTimeout(this.idleTimeout)
			.maxConnections(connections)
			.doOnChannelInit((observer, channel, remoteAddress) -> {
				ChannelPipeline pipeline = channel.pipeline();
				if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
					RequestDeadlines deadlines = new RequestDeadlines(this.readTimeout, this.requestTimeout);
					pipeline.addBefore(NettyPipeline.HttpCodec, RequestDeadlines.HEAD_WATCH_NAME,
							deadlines.headWatch());
					pipeline.addAfter(NettyPipeline.HttpTrafficHandler, RequestDeadlines.HANDLER_NAME, deadlines);
					pipeline.addAfter(NettyPipeline.HttpTrafficHandler, KeptAliveReading.HANDLER_NAME,
							KeptAliveReading.INSTANCE);
				}
			});
	}

}
