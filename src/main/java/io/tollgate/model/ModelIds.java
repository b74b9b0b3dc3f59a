package io.tollgate.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** Identifiers in AWS's format: 10 lowercase alphanumerics, random or derived from a stable name. */
public final class ModelIds {

	private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

	private static final int LENGTH = 10;

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Ids given by users may be longer or contain '-' (definition files name APIs); never '/' or spaces. */
	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private ModelIds() {
	}

	public static String random() {
		char[] id = new char[LENGTH];
		for (int i = 0; i < LENGTH; i++) {
			id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
		}
		return new String(id);
	}

	/** The same id for the same name, so that reloading a definition file keeps its resource ids. */
	public static String derived(String name) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
			char[] id = new char[LENGTH];
			for (int i = 0; i < LENGTH; i++) {
				id[i] = ALPHABET[(digest[i] & 0xff) % ALPHABET.length];
			}
			return new String(id);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JRE", ex);
		}
	}

	public static String requireId(@Nullable String id, String field) {
		if (id == null || !VALID.matcher(id).matches()) {
			throw ApiModelException.badRequest("Invalid " + field + " specified: " + id);
		}
		return id;
	}

}
