package io.tollgate.model;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One API mapping of a custom domain (v2 {@code ApiMapping}; v1 calls it a {@code BasePathMapping}): requests whose
 * path starts with {@code apiMappingKey} go to the API's stage, the key stripped from the path.
 *
 * @param apiMappingKey the base path, without leading or trailing slash; may have several segments
 * ({@code orders/v2}); empty for the root (v1's {@code (none)})
 * @param stage {@code null} for a v1 mapping without a stage: the client then names the stage after the base path
 */
public record ApiMapping(String apiMappingId, String apiId, @Nullable String stage, String apiMappingKey) {

	/** v1's name of the root mapping's base path. */
	public static final String ROOT_BASE_PATH = "(none)";

	/** AWS's limit on a mapping key. */
	public static final int MAX_KEY_LENGTH = 300;

	/** The characters AWS accepts in a mapping key: letters, digits and {@code $-_.+!*'()/}. */
	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9$\\-_.+!*'()]+(/[A-Za-z0-9$\\-_.+!*'()]+)*");

	public ApiMapping(String apiMappingId, String apiId, @Nullable String stage, @Nullable String apiMappingKey) {
		this.apiMappingId = ModelIds.requireId(apiMappingId, "apiMapping.apiMappingId");
		if (apiId == null || apiId.isBlank()) {
			throw ApiModelException.badRequest("Invalid API identifier specified");
		}
		this.apiId = apiId;
		this.stage = (stage == null || stage.isEmpty()) ? null : stage;
		this.apiMappingKey = key(apiMappingKey);
	}

	/** A mapping key as stored: {@code null}, {@code ""} and v1's {@code (none)} all mean the root. */
	public static String key(@Nullable String key) {
		if (key == null || key.isEmpty() || ROOT_BASE_PATH.equals(key)) {
			return "";
		}
		if (key.length() > MAX_KEY_LENGTH || !KEY.matcher(key).matches()) {
			throw ApiModelException.badRequest("Invalid API mapping key specified: " + key);
		}
		return key;
	}

	/** The key's path segments; none for the root. */
	public List<String> segments() {
		return this.apiMappingKey.isEmpty() ? List.of() : List.of(this.apiMappingKey.split("/"));
	}

	/** A mapping id that stays the same when a definition file is applied again. */
	public static String derivedId(String domainName, String key) {
		return ModelIds.derived("mapping:" + domainName + "/" + key);
	}

}
