package io.tollgate.usage;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiModelException;
import org.jspecify.annotations.Nullable;

/**
 * An API key (AWS {@code ApiKey}): the secret a caller sends in {@code x-api-key}, admitted to the API stages of the
 * usage plans it is added to. The {@link #value()} is a secret: {@link #toString()} leaves it out, and nothing may
 * log it.
 *
 * @param id the key's identifier
 * @param value the secret, 20 to 128 alphanumeric characters
 * @param name a name, at most 1024 characters
 * @param description a description
 * @param enabled whether callers may use the key
 * @param customerId an AWS Marketplace customer identifier
 * @param createdDate when the key was created
 * @param lastUpdatedDate when the key last changed
 * @param stageKeys the legacy {@code restApiId/stageName} pairs given at creation (usage plans replaced them)
 * @param tags the key's tags
 */
public record ApiKey(String id, String value, @Nullable String name, @Nullable String description, boolean enabled,
		@Nullable String customerId, Instant createdDate, Instant lastUpdatedDate, List<String> stageKeys,
		Map<String, String> tags) {

	public static final int MIN_VALUE_LENGTH = 20;

	public static final int MAX_VALUE_LENGTH = 128;

	/** The length of the values API Gateway generates. */
	public static final int GENERATED_VALUE_LENGTH = 40;

	public static final int MAX_NAME_LENGTH = 1024;

	private static final int MAX_DESCRIPTION_LENGTH = 125_000;

	private static final char[] ALPHABET = ("ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "abcdefghijklmnopqrstuvwxyz" + "0123456789")
		.toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	public ApiKey(String id, String value, @Nullable String name, @Nullable String description, boolean enabled,
			@Nullable String customerId, Instant createdDate, Instant lastUpdatedDate,
			@Nullable List<String> stageKeys, @Nullable Map<String, String> tags) {
		if (id == null || id.isBlank()) {
			throw ApiModelException.badRequest("Invalid API Key identifier specified");
		}
		if (createdDate == null || lastUpdatedDate == null) {
			throw ApiModelException.badRequest("Invalid API Key: createdDate and lastUpdatedDate are required");
		}
		this.id = id;
		this.value = checkValue(value);
		this.name = checkName(name);
		if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
			throw ApiModelException.badRequest("Invalid API Key description specified.");
		}
		this.description = description;
		this.enabled = enabled;
		this.customerId = customerId;
		this.createdDate = createdDate;
		this.lastUpdatedDate = lastUpdatedDate;
		this.stageKeys = (stageKeys != null) ? List.copyOf(stageKeys) : List.of();
		this.tags = (tags == null || tags.isEmpty()) ? Map.of()
				: Collections.unmodifiableMap(new LinkedHashMap<>(tags));
	}

	/** A fresh random value of {@link #GENERATED_VALUE_LENGTH} alphanumeric characters. */
	public static String generateValue() {
		char[] value = new char[GENERATED_VALUE_LENGTH];
		for (int i = 0; i < value.length; i++) {
			value[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
		}
		return new String(value);
	}

	/**
	 * Checks a value given by a caller, with AWS's messages; the messages never quote the value.
	 * @throws ApiModelException.BadRequest when it is too short, too long or not alphanumeric
	 */
	public static String checkValue(@Nullable String value) {
		if (value == null || value.length() < MIN_VALUE_LENGTH) {
			throw ApiModelException.badRequest("API Key value should be at least 20 characters");
		}
		if (value.length() > MAX_VALUE_LENGTH) {
			throw ApiModelException.badRequest("API Key value exceeds maximum size of 128 characters");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
				throw ApiModelException.badRequest("API Key value should contain only alphanumeric characters");
			}
		}
		return value;
	}

	private static @Nullable String checkName(@Nullable String name) {
		if (name != null && name.length() > MAX_NAME_LENGTH) {
			throw ApiModelException.badRequest("Invalid API Key name, can be at most 1024 characters.");
		}
		// AWS drops an empty name rather than storing it.
		return (name == null || name.isEmpty()) ? null : name;
	}

	/** This key with other settings, the value and identity kept, {@link #lastUpdatedDate()} set to {@code now}. */
	public ApiKey withSettings(@Nullable String newName, @Nullable String newDescription, boolean newEnabled,
			@Nullable String newCustomerId, List<String> newStageKeys, Instant now) {
		return new ApiKey(this.id, this.value, newName, newDescription, newEnabled, newCustomerId, this.createdDate,
				now, newStageKeys, this.tags);
	}

	@Override
	public String toString() {
		// Never the value: keys end up in log lines and exception messages.
		return "ApiKey[id=" + this.id + ", name=" + this.name + ", enabled=" + this.enabled + "]";
	}

}
