package io.tollgate.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Files of the embedded stores, replaced atomically: written to a temp file beside the target, flushed, then moved
 * over it, so that a crash leaves either the old or the new content, never a mix.
 */
public final class AtomicFiles {

	private static final Log logger = LogFactory.getLog(AtomicFiles.class);

	private static final String TEMP_SUFFIX = ".tmp";

	private AtomicFiles() {
	}

	/** Replaces {@code target} with {@code content}; {@code what} names the file in the error. */
	public static void write(Path target, String content, String what) {
		byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
		Path temp = null;
		try {
			temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", TEMP_SUFFIX);
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
				ByteBuffer buffer = ByteBuffer.wrap(bytes);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				// Flushed before the move, or a crash could leave the new name pointing at unwritten data.
				channel.force(true);
			}
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			deleteQuietly(temp);
			throw new UncheckedIOException("Cannot write " + what + " " + target, ex);
		}
	}

	/** Temp files are only left by a crash during a write; the target still holds the previous version. */
	public static void deleteLeftoverTempFiles(Path dir) {
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*" + TEMP_SUFFIX)) {
			for (Path file : files) {
				deleteQuietly(file);
			}
		}
		catch (IOException ex) {
			logger.warn("Cannot list leftover temp files in " + dir + ": " + ex.getMessage());
		}
	}

	private static void deleteQuietly(@Nullable Path file) {
		if (file == null) {
			return;
		}
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.warn("Cannot delete temp file " + file + ": " + ex.getMessage());
		}
	}

}
