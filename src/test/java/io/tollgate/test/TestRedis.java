package io.tollgate.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

/**
 * A real Redis on loopback for one test class, on a free port:
 * {@code @RegisterExtension static TestRedis redis = new TestRedis();}. Runs {@code redis-server} from the
 * {@code PATH}, or the binary shipped with {@code embedded-redis} when there is none. Nothing is persisted.
 * {@link #stop()} and {@link #start()} restart it on the same port, for tests of Redis going away.
 */
public final class TestRedis implements TestRedisDeployment {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	private static final String HOST = "127.0.0.1";

	private int port;

	private @Nullable String ownerId;

	private @Nullable Process process;

	private @Nullable RedisServer embedded;

	private @Nullable Path workDir;

	private @Nullable Path logFile;

	@Override
	public void beforeAll(ExtensionContext context) {
		// @Nested classes inherit the extension: only the outermost class starts and stops the server.
		if (this.ownerId != null) {
			return;
		}
		this.ownerId = context.getUniqueId();
		// Another process may take the free port before Redis binds it: try a few.
		for (int attempt = 1;; attempt++) {
			this.port = freePort();
			try {
				start();
				return;
			}
			catch (IllegalStateException ex) {
				if (attempt == 3) {
					this.ownerId = null;
					throw ex;
				}
			}
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (context.getUniqueId().equals(this.ownerId)) {
			stop();
			this.ownerId = null;
		}
	}

	public int port() {
		if (this.port == 0) {
			throw new IllegalStateException("TestRedis has not been started");
		}
		return this.port;
	}

	@Override
	public String url() {
		return "redis://" + HOST + ":" + port();
	}

	@Override
	public boolean cluster() {
		return false;
	}

	@Override
	public List<String> nodeUrls() {
		return List.of(url());
	}

	public boolean isRunning() {
		return (this.process != null && this.process.isAlive()) || (this.embedded != null && this.embedded.isActive());
	}

	/** Starts the server, on the same port as before when it was stopped; does nothing while it runs. */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		if (this.port == 0) {
			this.port = freePort();
		}
		Path executable = findOnPath("redis-server");
		if (executable != null) {
			startProcess(executable);
		}
		else {
			startEmbedded();
		}
		awaitPong();
	}

	/** Stops the server and waits until it has exited, so that its port is free again. */
	public synchronized void stop() {
		Process running = this.process;
		if (running != null) {
			this.process = null;
			running.destroy();
			try {
				if (!running.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
					running.destroyForcibly().waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				}
			}
			catch (InterruptedException ex) {
				running.destroyForcibly();
				Thread.currentThread().interrupt();
			}
			deleteWorkDir();
		}
		RedisServer server = this.embedded;
		if (server != null) {
			this.embedded = null;
			try {
				server.stop();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private void startProcess(Path executable) {
		try {
			Path dir = Files.createTempDirectory("test-redis-");
			this.workDir = dir;
			this.logFile = dir.resolve("redis.log");
			List<String> command = new ArrayList<>(List.of(executable.toString(), "--port",
					Integer.toString(this.port), "--bind", HOST, "--save", "", "--appendonly", "no", "--dir",
					dir.toString()));
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.logFile.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + executable, ex);
		}
	}

	private void deleteWorkDir() {
		Path dir = this.workDir;
		this.workDir = null;
		this.logFile = null;
		if (dir == null) {
			return;
		}
		try (var files = Files.list(dir)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
			Files.deleteIfExists(dir);
		}
		catch (IOException ex) {
			// A leftover log in the temp directory is harmless.
		}
	}

	private void startEmbedded() {
		try {
			RedisServer server = RedisServer.newRedisServer()
				.port(this.port)
				.bind(HOST)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			server.start();
			this.embedded = server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the embedded Redis on port " + this.port, ex);
		}
	}

	private void awaitPong() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			Process running = this.process;
			if (running != null && !running.isAlive()) {
				String detail = "redis-server exited with " + running.exitValue() + " on port " + this.port + log();
				stop();
				throw new IllegalStateException(detail);
			}
			if (ping()) {
				return;
			}
			try {
				Thread.sleep(25);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for Redis", ex);
			}
		}
		String detail = "Redis did not answer PING on port " + this.port + " within " + STARTUP_TIMEOUT + log();
		stop();
		throw new IllegalStateException(detail);
	}

	private boolean ping() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, this.port), 500);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = in.readNBytes(7);
			return "+PONG\r\n".equals(new String(reply, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private String log() {
		Path file = this.logFile;
		if (file == null || !Files.exists(file)) {
			return "";
		}
		try {
			return ":\n" + Files.readString(file);
		}
		catch (IOException ex) {
			return "";
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port", ex);
		}
	}

	static @Nullable Path findOnPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (dir.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(dir, name);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

}
