package io.tollgate.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis Cluster of three masters on loopback: {@code @RegisterExtension static TestRedisCluster redis = new
 * TestRedisCluster();}. Three {@code redis-server --cluster-enabled yes} processes on free ports, joined by
 * {@code redis-cli --cluster create}, ready once every node reports {@code cluster_state:ok}. Nothing is persisted.
 * <p>
 * Started once for the whole test run, on first use, and stopped when the run ends: test classes share it, each
 * under key prefixes of its own (or emptying it with {@link #flushAll()}). Tests are skipped, not failed, where
 * {@code redis-server} or {@code redis-cli} is not on the {@code PATH} ({@code .ci/run} installs both).
 */
public final class TestRedisCluster implements TestRedisDeployment {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestRedisCluster.class);

	private static final String HOST = "127.0.0.1";

	private static final int MASTERS = 3;

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

	private @Nullable Nodes nodes;

	@Override
	public void beforeAll(ExtensionContext context) {
		Path server = TestRedis.findOnPath("redis-server");
		Path cli = TestRedis.findOnPath("redis-cli");
		Assumptions.assumeTrue(server != null && cli != null,
				"redis-server and redis-cli are not on the PATH: Redis Cluster tests are skipped");
		this.nodes = context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(Nodes.class, (key) -> Nodes.start(server, cli), Nodes.class);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		// The nodes live until the run ends, when JUnit closes its root store.
	}

	@Override
	public String url() {
		return "redis://" + nodes().ports.stream().map((port) -> HOST + ":" + port).collect(Collectors.joining(","));
	}

	@Override
	public boolean cluster() {
		return true;
	}

	@Override
	public List<String> nodeUrls() {
		return nodes().ports.stream().map((port) -> "redis://" + HOST + ":" + port).toList();
	}

	private Nodes nodes() {
		Nodes started = this.nodes;
		if (started == null) {
			throw new IllegalStateException("TestRedisCluster has not been started");
		}
		return started;
	}

	/** The running nodes; closing stops them and removes their files. */
	private static final class Nodes implements AutoCloseable {

		private final Path dir;

		private final List<Integer> ports = new ArrayList<>();

		private final List<Process> processes = new ArrayList<>();

		private Nodes(Path dir) {
			this.dir = dir;
		}

		static Nodes start(Path server, Path cli) {
			// Another process may take a free port before a node binds it: try a few times.
			for (int attempt = 1;; attempt++) {
				Nodes nodes;
				try {
					nodes = new Nodes(Files.createTempDirectory("test-redis-cluster-"));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				try {
					nodes.startNodes(server);
					nodes.create(cli);
					nodes.awaitClusterOk();
					return nodes;
				}
				catch (RuntimeException ex) {
					nodes.close();
					if (attempt == 3) {
						throw ex;
					}
				}
			}
		}

		private void startNodes(Path server) {
			for (int i = 0; i < MASTERS; i++) {
				int port = TestRedis.freePort();
				int busPort = TestRedis.freePort();
				List<String> command = List.of(server.toString(), "--port", Integer.toString(port), "--bind", HOST,
						"--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
						"--cluster-port", Integer.toString(busPort), "--save", "", "--appendonly", "no", "--dir",
						this.dir.toString());
				try {
					this.processes.add(new ProcessBuilder(command).redirectErrorStream(true)
						.redirectOutput(this.dir.resolve("redis-" + port + ".log").toFile())
						.start());
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Cannot start " + server, ex);
				}
				this.ports.add(port);
			}
			await("every node answers PING", () -> this.ports.stream().allMatch((port) -> "PONG".equals(
					onNode(port, (connection) -> connection.sync().ping()))));
		}

		private void create(Path cli) {
			List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
			this.ports.forEach((port) -> command.add(HOST + ":" + port));
			command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
			Path output = this.dir.resolve("create.log");
			try {
				Process create = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(output.toFile())
					.start();
				if (!create.waitFor(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
					create.destroyForcibly();
					throw new IllegalStateException("redis-cli --cluster create did not finish: " + read(output));
				}
				if (create.exitValue() != 0) {
					throw new IllegalStateException("redis-cli --cluster create failed: " + read(output));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		private void awaitClusterOk() {
			await("every node reports cluster_state:ok and knows every node", () -> this.ports.stream()
				.allMatch((port) -> {
					String info = onNode(port, (connection) -> connection.sync().clusterInfo());
					return info != null && info.contains("cluster_state:ok")
							&& info.contains("cluster_known_nodes:" + MASTERS);
				}));
		}

		private void await(String condition, java.util.function.BooleanSupplier check) {
			long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
			while (!check.getAsBoolean()) {
				for (Process process : this.processes) {
					if (!process.isAlive()) {
						throw new IllegalStateException("A Redis Cluster node exited: " + logs());
					}
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Not within " + STARTUP_TIMEOUT + ": " + condition + logs());
				}
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
		}

		private static <T> @Nullable T onNode(int port,
				java.util.function.Function<StatefulRedisConnection<String, String>, T> command) {
			RedisClient client = RedisClient.create("redis://" + HOST + ":" + port);
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				return command.apply(connection);
			}
			catch (RuntimeException ex) {
				return null;
			}
			finally {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
		}

		private String logs() {
			StringBuilder logs = new StringBuilder();
			try (var files = Files.list(this.dir)) {
				for (Path file : files.filter((path) -> path.toString().endsWith(".log")).toList()) {
					logs.append("\n--- ").append(file.getFileName()).append('\n').append(read(file));
				}
			}
			catch (IOException ex) {
				// Whatever could be read is enough.
			}
			return logs.toString();
		}

		private static String read(Path file) {
			try {
				return Files.readString(file, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return "";
			}
		}

		@Override
		public void close() {
			for (Process process : this.processes) {
				process.destroy();
			}
			for (Process process : this.processes) {
				try {
					if (!process.waitFor(10, TimeUnit.SECONDS)) {
						process.destroyForcibly();
					}
				}
				catch (InterruptedException ex) {
					process.destroyForcibly();
					Thread.currentThread().interrupt();
				}
			}
			try (var files = Files.list(this.dir)) {
				for (Path file : files.toList()) {
					Files.deleteIfExists(file);
				}
				Files.deleteIfExists(this.dir);
			}
			catch (IOException ex) {
				// A leftover file in the temp directory is harmless.
			}
		}

	}

}
