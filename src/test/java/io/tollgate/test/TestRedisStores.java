package io.tollgate.test;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two Redis-backed stores on one real Redis, as two gateway replicas hold them: writes through {@link #writer()},
 * reads through {@link #reader()}. Starts its own {@link TestRedis} for the test class; every test starts on an
 * empty Redis with fresh stores, closed after it.
 *
 * @param <S> the store
 */
public final class TestRedisStores<S extends AutoCloseable>
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

	/** The key prefix the stores are given. */
	public static final String PREFIX = "tollgate-test:";

	/** Each store's command timeout. */
	public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

	/** A store on a client, with a key prefix and a command timeout. */
	@FunctionalInterface
	public interface StoreFactory<S> {

		S create(RedisClient client, String prefix, Duration commandTimeout);

	}

	private final TestRedis redis = new TestRedis();

	private final StoreFactory<S> factory;

	private RedisClient client;

	private StatefulRedisConnection<String, String> raw;

	private S writer;

	private S reader;

	public TestRedisStores(StoreFactory<S> factory) {
		this.factory = factory;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.redis.beforeAll(context);
		this.client = RedisClient.create(this.redis.url());
		this.raw = this.client.connect();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.raw.close();
		this.client.shutdown();
		this.redis.afterAll(context);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.raw.sync().flushall();
		this.writer = this.factory.create(this.client, PREFIX, COMMAND_TIMEOUT);
		this.reader = this.factory.create(this.client, PREFIX, COMMAND_TIMEOUT);
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

	/** Redis itself, for looking at what the stores wrote. */
	public RedisCommands<String, String> commands() {
		return this.raw.sync();
	}

	public String url() {
		return this.redis.url();
	}

}
