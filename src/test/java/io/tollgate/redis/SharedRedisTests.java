package io.tollgate.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.resource.ClientResources;
import io.tollgate.test.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The string connections every Redis user of a replica opens, against a real Redis: keys and values of any UTF-8
 * length written in place arrive byte for byte, and the commands after them still read right.
 */
class SharedRedisTests {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	@Test
	void keysAndValuesOfEveryUtf8LengthArriveByteForByte() {
		ClientResources resources = ClientResources.create();
		try (SharedRedis shared = redis.open(resources, "codec-test:", Duration.ofSeconds(5));
				RedisConnection<String, String> connection = shared.connect(Duration.ofSeconds(5))) {
			List<String> texts = List.of("", "ascii", "café", "€ and ✓", "key 🔑 of 4 bytes", "x".repeat(10_000));
			for (String text : texts) {
				String key = "codec-test:" + text;
				connection.sync().set(key, text + "|" + text);
				assertThat(connection.sync().get(key)).isEqualTo(text + "|" + text);
				assertThat(connection.sync().strlen(key))
					.isEqualTo((text + "|" + text).getBytes(StandardCharsets.UTF_8).length);
				// A script reads its keys and arguments as Redis received them.
				Long length = connection.sync()
					.eval("return string.len(KEYS[1]) + string.len(ARGV[1])", ScriptOutputType.INTEGER,
							new String[] { key }, text);
				assertThat(length).isEqualTo(key.getBytes(StandardCharsets.UTF_8).length
						+ text.getBytes(StandardCharsets.UTF_8).length);
			}
			// An unpaired surrogate is sent as '?', as Java's own UTF-8 encoder sends it, without upsetting the next
			// command.
			connection.sync().set("codec-test:lone", "a\uD83Db");
			assertThat(connection.sync().get("codec-test:lone")).isEqualTo("a?b");
			assertThat(connection.sync().ping()).isEqualTo("PONG");
		}
		finally {
			resources.shutdown();
		}
	}

}
