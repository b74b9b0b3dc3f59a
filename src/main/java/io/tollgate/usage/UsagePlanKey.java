package io.tollgate.usage;

import org.jspecify.annotations.Nullable;

/**
 * An API key as a customer of a usage plan (AWS {@code UsagePlanKey}). Its id is the API key's id; its name and
 * value are the key's, read when it is returned, so they follow changes of the key.
 *
 * @param id the API key's id
 * @param type always {@link #API_KEY}
 * @param name the API key's name
 * @param value the API key's value, a secret
 */
public record UsagePlanKey(String id, String type, @Nullable String name, String value) {

	/** The only key type API Gateway has. */
	public static final String API_KEY = "API_KEY";

	public static UsagePlanKey of(ApiKey key) {
		return new UsagePlanKey(key.id(), API_KEY, key.name(), key.value());
	}

	@Override
	public String toString() {
		return "UsagePlanKey[id=" + this.id + ", type=" + this.type + ", name=" + this.name + "]";
	}

}
