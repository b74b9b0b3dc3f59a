package io.tollgate.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client over a plain socket that sends exactly the bytes a test writes: no normalisation of the path,
 * no header checks, several requests in one write (pipelining). Reads the responses, framed by
 * {@code Content-Length} or chunked, until the expected number arrived or the server closed the connection.
 */
public final class RawHttp {

	private static final int TIMEOUT_MILLIS = 5_000;

	private RawHttp() {
	}

	/** A request line and headers for {@code Host: 127.0.0.1}, without a body. */
	public static String get(String target) {
		return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
	}

	/** Sends {@code request} as is and reads one response. */
	public static Response exchange(int port, String request) {
		List<Response> responses = exchange(port, request, 1);
		if (responses.isEmpty()) {
			throw new AssertionError("The server closed the connection without answering");
		}
		return responses.get(0);
	}

	/** Sends {@code requests} in one write and reads up to {@code expected} responses. */
	public static List<Response> exchange(int port, String requests, int expected) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(TIMEOUT_MILLIS);
			socket.getOutputStream().write(requests.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			InputStream in = socket.getInputStream();
			List<Response> responses = new ArrayList<>();
			try {
				while (responses.size() < expected) {
					Response response = read(in);
					if (response == null) {
						break;
					}
					responses.add(response);
				}
			}
			catch (SocketTimeoutException ex) {
				// Fewer responses than expected: the caller asserts on what arrived.
			}
			return responses;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A kept-alive connection: requests written when the test says, each response read with a short deadline, so that
	 * a request the server leaves unread fails the test at once instead of hanging.
	 */
	public static final class Connection implements AutoCloseable {

		private final Socket socket;

		private Connection(Socket socket) {
			this.socket = socket;
		}

		/** Opens a connection whose reads give up after {@code readTimeoutMillis}. */
		public static Connection open(int port, int readTimeoutMillis) {
			try {
				Socket socket = new Socket("127.0.0.1", port);
				socket.setSoTimeout(readTimeoutMillis);
				socket.setTcpNoDelay(true);
				return new Connection(socket);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** Writes {@code requests} (one, or several pipelined) as they are. */
		public Connection send(String requests) {
			try {
				this.socket.getOutputStream().write(requests.getBytes(StandardCharsets.ISO_8859_1));
				this.socket.getOutputStream().flush();
				return this;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** The next response, or an {@link AssertionError} when none arrives within the read timeout. */
		public Response read() {
			try {
				Response response = RawHttp.read(this.socket.getInputStream());
				if (response == null) {
					throw new AssertionError("The server closed the connection without answering");
				}
				return response;
			}
			catch (SocketTimeoutException ex) {
				throw new AssertionError("No response within " + timeout() + " ms on a kept-alive connection", ex);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private int timeout() {
			try {
				return this.socket.getSoTimeout();
			}
			catch (IOException ex) {
				return -1;
			}
		}

		@Override
		public void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	private static Response read(InputStream in) throws IOException {
		String statusLine = line(in);
		if (statusLine == null || statusLine.isEmpty()) {
			return null;
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
			int colon = line.indexOf(':');
			headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
		}
		byte[] body;
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			ByteArrayOutputStream chunks = new ByteArrayOutputStream();
			for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
				chunks.write(in.readNBytes(size));
				line(in);
			}
			line(in);
			body = chunks.toByteArray();
		}
		else {
			body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
		}
		return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers,
				new String(body, StandardCharsets.UTF_8));
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0) {
			if (b == '\n') {
				String text = line.toString(StandardCharsets.ISO_8859_1);
				return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
			}
			line.write(b);
		}
		return (line.size() > 0) ? line.toString(StandardCharsets.ISO_8859_1) : null;
	}

	/** A response: status, headers (names in lower case) and body. */
	public record Response(int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}
