package io.tollgate.websocket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.tollgate.redis.RedisChangeFeed;
import io.tollgate.redis.RedisConnection;
import io.tollgate.redis.RedisScript;
import io.tollgate.redis.SharedRedis;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@link ConnectionRegistry} across replicas on one Redis. Each replica holds a lease
 * ({@code {prefix}websocket:replica:{id}}, renewed every third of its duration) and listens on a delivery channel of
 * its own; each connection has a hash ({@code {prefix}websocket:connection:{id}}) naming its replica, its client
 * and when the client was last active (published with the heartbeat, so it may lag by a third of the lease). A
 * message for a connection of another replica is published on that replica's channel only while its lease holds:
 * the connections of a replica that died count as gone once its lease lapses, and their entries are removed when
 * found so.
 * <p>
 * A message handed to a live replica is reported delivered; should the connection close in that instant, the
 * message is dropped, as a message to a closing socket would be.
 */
public final class RedisConnectionRegistry implements ConnectionRegistry, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisConnectionRegistry.class);

	private static final String POST = "P";

	private static final String DELETE = "D";

	private final LocalConnections connections = new LocalConnections();

	private final String replicaId = UUID.randomUUID().toString();

	private final String prefix;

	private final Duration lease;

	private final Duration entryLifetime;

	private final RedisConnection<String, String> connection;

	private final RedisClusterReactiveCommands<String, String> commands;

	private final RedisScript register;

	private final RedisScript deliver;

	private final RedisChangeFeed<String> deliveries;

	private final Disposable heartbeat;

	private volatile boolean heartbeatFailing;

	/**
	 * Takes the replica's lease and subscribes to its channel at once: fails fast when Redis is unreachable.
	 * @param maxConnectionDuration the longest a connection lasts, after which its entry expires by itself
	 */
	public RedisConnectionRegistry(SharedRedis redis, Duration timeout, Duration lease,
			Duration maxConnectionDuration) {
		this.prefix = redis.keys().prefix() + "websocket:";
		this.lease = lease;
		this.entryLifetime = maxConnectionDuration.plus(lease);
		this.connection = redis.connect(timeout);
		this.commands = this.connection.reactive();
		this.register = RedisScript.load(this.connection.sync(), "websocket-connection-register");
		this.deliver = RedisScript.load(this.connection.sync(), "websocket-connection-deliver");
		this.connection.sync().set(leaseKey(this.replicaId), "1", SetArgs.Builder.px(lease));
		this.deliveries = new RedisChangeFeed<>(redis, channel(this.replicaId), timeout, (message) -> message, "");
		this.deliveries.changes().subscribe(this::delivered);
		// A beat slower than the interval skips the ticks it overlaps rather than ending the heartbeat.
		this.heartbeat = Flux.interval(lease.dividedBy(3))
			.onBackpressureDrop()
			.concatMap((tick) -> beat(), 1)
			.subscribe();
	}

	/** This replica's id, the name of its lease and channel. */
	public String replicaId() {
		return this.replicaId;
	}

	@Override
	public Mono<Void> register(LiveConnection live) {
		this.connections.add(live);
		ConnectionRecord record = live.record();
		List<String> arguments = new ArrayList<>(List.of(Long.toString(this.entryLifetime.toMillis()), "replica",
				this.replicaId, "apiId", record.apiId(), "stage", record.stage(), "connectedAt",
				Long.toString(record.connectedAt().toEpochMilli()), "sourceIp", record.sourceIp(), "lastActiveAt",
				Long.toString(record.lastActiveAt().toEpochMilli())));
		if (record.userAgent() != null) {
			arguments.add("userAgent");
			arguments.add(record.userAgent());
		}
		// The connection is served on this replica whatever Redis says; other replicas cannot reach it meanwhile.
		return this.register
			.<Long>run(this.commands, ScriptOutputType.INTEGER, new String[] { connectionKey(live.connectionId()) },
					arguments.toArray(String[]::new))
			.doOnError((ex) -> logger.warn("Could not register WebSocket connection " + live.connectionId()
					+ " in Redis; other replicas cannot reach it: " + ex.getMessage()))
			.onErrorResume((ex) -> Mono.empty())
			.then();
	}

	@Override
	public Mono<Void> unregister(LiveConnection live) {
		this.connections.remove(live);
		return this.commands.del(connectionKey(live.connectionId())).onErrorResume((ex) -> Mono.empty()).then();
	}

	@Override
	public Mono<ConnectionRecord> find(String connectionId) {
		LiveConnection local = this.connections.find(connectionId);
		if (local != null) {
			return Mono.just(local.record());
		}
		return this.commands.hgetall(connectionKey(connectionId))
			.collectMap(io.lettuce.core.KeyValue::getKey, io.lettuce.core.KeyValue::getValue)
			.flatMap((fields) -> {
				String replica = fields.get("replica");
				if (replica == null || replica.equals(this.replicaId)) {
					return Mono.empty();
				}
				return this.commands.exists(leaseKey(replica))
					.flatMap((alive) -> (alive > 0) ? Mono.justOrEmpty(record(connectionId, fields))
							: forget(connectionId).then(Mono.empty()));
			});
	}

	@Override
	public Mono<Delivery> post(String connectionId, String message) {
		return send(connectionId, POST + connectionId + "\n" + message,
				() -> this.connections.post(connectionId, message));
	}

	@Override
	public Mono<Delivery> delete(String connectionId) {
		return send(connectionId, DELETE + connectionId, () -> this.connections.delete(connectionId));
	}

	@Override
	public Collection<LiveConnection> local() {
		return this.connections.all();
	}

	private Mono<Delivery> send(String connectionId, String message,
			java.util.function.Supplier<Delivery> locally) {
		if (this.connections.find(connectionId) != null) {
			return Mono.fromSupplier(locally);
		}
		return this.commands.hget(connectionKey(connectionId), "replica")
			.flatMap((replica) -> {
				if (replica.equals(this.replicaId)) {
					// An entry of this replica whose connection is no longer here: it has closed.
					return Mono.just(Delivery.GONE);
				}
				return this.deliver
					.<Long>run(this.commands, ScriptOutputType.INTEGER, new String[] { leaseKey(replica) },
							channel(replica), message)
					// A live lease means the replica listens on its channel. The count of receivers cannot tell: on a
					// Redis Cluster, PUBLISH counts only the subscribers connected to the node it ran on.
					.flatMap((receivers) -> (receivers < 0) ? forget(connectionId).thenReturn(Delivery.GONE)
							: Mono.just(Delivery.DELIVERED));
			})
			.defaultIfEmpty(Delivery.GONE);
	}

	/** A message on this replica's channel, for one of its connections. */
	private void delivered(String message) {
		if (message.startsWith(POST)) {
			int newline = message.indexOf('\n');
			if (newline > 0) {
				this.connections.post(message.substring(1, newline), message.substring(newline + 1));
			}
		}
		else if (message.startsWith(DELETE)) {
			this.connections.delete(message.substring(1));
		}
	}

	/** Renews the lease and publishes when the connections that had messages were last active. */
	private Mono<Void> beat() {
		List<Mono<?>> writes = new ArrayList<>();
		writes.add(this.commands.set(leaseKey(this.replicaId), "1", SetArgs.Builder.px(this.lease)));
		for (LiveConnection live : this.connections.all()) {
			if (live.takeActivity()) {
				writes.add(this.commands.hset(connectionKey(live.connectionId()), "lastActiveAt",
						Long.toString(live.lastActiveAt())));
			}
		}
		return Flux.merge(Flux.fromIterable(writes).map((write) -> write.then()))
			.then()
			.doOnSuccess((done) -> {
				if (this.heartbeatFailing) {
					this.heartbeatFailing = false;
					logger.info("WebSocket replica lease renewed in Redis again");
				}
			})
			.onErrorResume((ex) -> {
				if (!this.heartbeatFailing) {
					this.heartbeatFailing = true;
					logger.warn("Could not renew this replica's WebSocket lease in Redis (its connections count as"
							+ " gone on other replicas once it lapses): " + ex.getMessage());
				}
				return Mono.empty();
			});
	}

	private Mono<Void> forget(String connectionId) {
		return this.commands.del(connectionKey(connectionId)).onErrorResume((ex) -> Mono.empty()).then();
	}

	private static @Nullable ConnectionRecord record(String connectionId, Map<String, String> fields) {
		try {
			return new ConnectionRecord(connectionId, fields.get("apiId"), fields.get("stage"),
					Instant.ofEpochMilli(Long.parseLong(fields.get("connectedAt"))), fields.get("sourceIp"),
					fields.get("userAgent"), Instant.ofEpochMilli(Long.parseLong(fields.get("lastActiveAt"))));
		}
		catch (RuntimeException ex) {
			// An entry written by something else: not a connection.
			return null;
		}
	}

	private String connectionKey(String connectionId) {
		return this.prefix + "connection:" + connectionId;
	}

	private String leaseKey(String replica) {
		return this.prefix + "replica:" + replica;
	}

	private String channel(String replica) {
		return this.prefix + "replica:" + replica + ":deliveries";
	}

	/** Gives up the lease: this replica's connections are gone for every replica at once. */
	@Override
	public void close() {
		this.heartbeat.dispose();
		try {
			this.connection.sync().del(leaseKey(this.replicaId));
		}
		catch (RuntimeException ex) {
			// The lease lapses by itself.
		}
		this.deliveries.close();
		this.connection.close();
	}

}
