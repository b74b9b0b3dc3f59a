package io.tollgate.websocket;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * The limits of WebSocket APIs, under {@code tollgate.websocket.*}, with AWS's quotas as defaults. Each is enforced
 * with the close code (or handshake status) API Gateway uses.
 *
 * @param idleTimeout how long a connection may go without a message from its client; then it is closed with 1001
 * @param maxConnectionDuration how long a connection may last at most; then it is closed with 1001
 * @param maxFrameSize the largest frame a client may send; a larger one closes the connection with 1009
 * @param maxMessageSize the largest message (all frames of it) a client may send, and the largest
 * {@code @connections} payload; a larger message closes the connection with 1009, a larger payload is answered 413
 * @param newConnectionsPerSecond handshakes one replica accepts per second (a token bucket of that size); beyond
 * it the handshake is refused with 429
 * @param replicaLease with Redis, how long a replica's connections outlive its last heartbeat: a replica that
 * stops (crashes) has its connections counted as gone after this long; heartbeats run every third of it
 */
@ConfigurationProperties(WebSocketProperties.PREFIX)
public record WebSocketProperties(@DefaultValue("10m") Duration idleTimeout,
		@DefaultValue("2h") Duration maxConnectionDuration, @DefaultValue("32KB") DataSize maxFrameSize,
		@DefaultValue("128KB") DataSize maxMessageSize, @DefaultValue("500") int newConnectionsPerSecond,
		@DefaultValue("15s") Duration replicaLease) {

	public static final String PREFIX = "tollgate.websocket";

	public WebSocketProperties {
		Assert.isTrue(idleTimeout.compareTo(Duration.ZERO) > 0, PREFIX + ".idle-timeout must be positive");
		Assert.isTrue(maxConnectionDuration.compareTo(Duration.ZERO) > 0,
				PREFIX + ".max-connection-duration must be positive");
		Assert.isTrue(maxFrameSize.toBytes() > 0 && maxFrameSize.toBytes() <= Integer.MAX_VALUE,
				PREFIX + ".max-frame-size must be positive");
		Assert.isTrue(maxMessageSize.toBytes() >= maxFrameSize.toBytes() && maxMessageSize.toBytes() <= 64 << 20,
				PREFIX + ".max-message-size must be at least the frame size and at most 64MB");
		Assert.isTrue(newConnectionsPerSecond > 0, PREFIX + ".new-connections-per-second must be positive");
		Assert.isTrue(replicaLease.toMillis() >= 300, PREFIX + ".replica-lease must be at least 300ms");
	}

	int frameBytes() {
		return (int) this.maxFrameSize.toBytes();
	}

	int messageBytes() {
		return (int) this.maxMessageSize.toBytes();
	}

}
