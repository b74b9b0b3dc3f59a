package io.tollgate.test;

import java.time.Duration;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.resource.ClientResources;
import io.tollgate.redis.RedisConnection;
import io.tollgate.redis.RedisKeys;
import io.tollgate.redis.SharedRedis;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two Redis-backed stores on one real Redis, as two gateway replicas hold them: writes through {@link #writer()},
 * reads through {@link #reader()}. Starts its own {@link TestRedis} for the test class (or uses the
 * {@link TestRedisCluster} it is given); every test starts on an empty Redis with fresh stores, closed after it.
 *
 * @param <S> the store
 */
public final class TestRedisStores<S extends AutoCloseable>
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

	/** The key prefix the stores are given. */
	public static final String PREFIX = "tollgate-test:";

	/** Each store's command timeout. */
	public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

	/** A store on a Redis, with a command timeout. */
	@FunctionalInterface
	public interface StoreFactory<S> {

		S create(SharedRedis redis, Duration commandTimeout);

	}

	private final TestRedisDeployment redis;

	private final StoreFactory<S> factory;

	private @Nullable String ownerId;

	private ClientResources resources;

	private SharedRedis shared;

	private RedisConnection<String, String> raw;

	private S writer;

	private S reader;

	/** Stores on a Redis server of their own. */
	public TestRedisStores(StoreFactory<S> factory) {
		this(new TestRedis(), factory);
	}

	public TestRedisStores(TestRedisDeployment redis, StoreFactory<S> factory) {
		this.redis = redis;
		this.factory = factory;
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		// @Nested classes inherit the extension: only the outermost class connects, or its client would be
		// overwritten, never closed, and reconnect to a stopped Redis for the rest of the run.
		if (this.ownerId != null) {
			return;
		}
		this.ownerId = context.getUniqueId();
		this.redis.beforeAll(context);
		this.resources = ClientResources.create();
		this.shared = this.redis.open(this.resources, PREFIX, COMMAND_TIMEOUT);
		this.raw = this.shared.connect(COMMAND_TIMEOUT);
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		if (!context.getUniqueId().equals(this.ownerId)) {
			return;
		}
		this.ownerId = null;
		this.raw.close();
		this.shared.close();
		this.resources.shutdown();
		this.redis.afterAll(context);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		// On a cluster, Lettuce runs FLUSHALL on every master.
		this.raw.sync().flushall();
		this.writer = this.factory.create(this.shared, COMMAND_TIMEOUT);
		this.reader = this.factory.create(this.shared, COMMAND_TIMEOUT);
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		this.writer.close();
		this.reader.close();
	}

	public S writer() {
		return this.writer;
	}

	public S reader() {
		return this.reader;
	}

	/** Redis itself, for looking at what the stores wrote: on a cluster, each command goes to its key's master. */
	public RedisClusterCommands<String, String> commands() {
		return this.raw.sync();
	}

	/** The names the stores give their keys. */
	public RedisKeys keys() {
		return this.shared.keys();
	}

	/** A Redis of its own, on the same nodes and key prefix as the stores'; the caller closes it. */
	public SharedRedis open() {
		return this.redis.open(this.resources, PREFIX, COMMAND_TIMEOUT);
	}

}
