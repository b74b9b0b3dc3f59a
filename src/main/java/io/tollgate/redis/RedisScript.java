package io.tollgate.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.reactive.RedisScriptingReactiveCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;

/**
 * A Lua script, kept as a resource under {@value #LOCATION} (as Spring Cloud Gateway keeps
 * {@code request_rate_limiter.lua}) and run by its digest: one round trip. Redis forgets scripts on restart or
 * {@code SCRIPT FLUSH} (and a new cluster node has never seen them); then the script is sent once in full, which
 * caches it again. On a cluster, a script runs on the master of its keys' slot: every key it uses, named in
 * {@code KEYS} or derived from them, must be in that slot (see {@link RedisKeys}).
 */
public record RedisScript(String text, String digest) {

	public static final String LOCATION = "META-INF/scripts/";

	/**
	 * Reads the named scripts, joined in order (a function several scripts share comes first), and loads them into
	 * Redis, which fails fast when Redis is unreachable at start.
	 */
	public static RedisScript load(RedisScriptingCommands<String, String> commands, String... names) {
		StringBuilder text = new StringBuilder();
		for (String name : names) {
			text.append(read(name));
		}
		String script = text.toString();
		return new RedisScript(script, commands.scriptLoad(script));
	}

	private static String read(String name) {
		try {
			return new ClassPathResource(LOCATION + name + ".lua").getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Lua script " + name + " is missing from " + LOCATION, ex);
		}
	}

	public <T> Mono<T> run(RedisScriptingReactiveCommands<String, String> commands, ScriptOutputType type, String[] keys,
			String... args) {
		Mono<T> bySha = commands.<T>evalsha(this.digest, type, keys, args).next();
		Mono<T> byText = commands.<T>eval(this.text, type, keys, args).next();
		return bySha.onErrorResume(RedisNoScriptException.class, (ex) -> byText);
	}

	public <T> Mono<T> run(RedisScriptingAsyncCommands<String, String> commands, ScriptOutputType type, String[] keys,
			String... args) {
		return Mono.<T>fromCompletionStage(() -> commands.evalsha(this.digest, type, keys, args))
			.onErrorResume(RedisNoScriptException.class,
					(ex) -> Mono.fromCompletionStage(() -> commands.eval(this.text, type, keys, args)));
	}

}
