package io.tollgate.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The binary form of a {@link CachedResponse} in Redis: a version byte, the status, the headers as counted UTF
 * strings, then the body. Small and cheap to read on a hit; an unknown version reads as a miss.
 */
final class CachedResponseCodec {

	private static final int VERSION = 1;

	private CachedResponseCodec() {
	}

	static byte[] encode(CachedResponse response) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(response.body().length + 256);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeShort(response.status());
			out.writeShort(response.headers().size());
			for (CachedResponse.Header header : response.headers()) {
				out.writeUTF(header.name());
				out.writeShort(header.values().size());
				for (String value : header.values()) {
					out.writeUTF(value);
				}
			}
			out.writeInt(response.body().length);
			out.write(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** The response, or {@code null} when the bytes are not a response of this version. */
	static @Nullable CachedResponse decode(byte[] encoded) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
			if (in.readByte() != VERSION) {
				return null;
			}
			int status = in.readUnsignedShort();
			int headerCount = in.readUnsignedShort();
			List<CachedResponse.Header> headers = new ArrayList<>(headerCount);
			for (int i = 0; i < headerCount; i++) {
				String name = in.readUTF();
				int valueCount = in.readUnsignedShort();
				List<String> values = new ArrayList<>(valueCount);
				for (int j = 0; j < valueCount; j++) {
					values.add(in.readUTF());
				}
				headers.add(new CachedResponse.Header(name, values));
			}
			byte[] body = new byte[in.readInt()];
			in.readFully(body);
			return new CachedResponse(status, headers, body);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

}
