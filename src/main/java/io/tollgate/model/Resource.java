package io.tollgate.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A node of an API's resource tree (AWS {@code Resource}) with the methods defined on it. The root has no parent
 * and no path part; its path is {@code /}. A path part is a literal, a {@code {param}} or a greedy
 * {@code {proxy+}}.
 */
public record Resource(String id, @Nullable String parentId, @Nullable String pathPart, String path,
		Map<String, Method> resourceMethods) {

	public static final String ROOT_PATH = "/";

	private static final Pattern PATH_PART = Pattern.compile("[A-Za-z0-9._:-]+|\\{[A-Za-z0-9._-]+\\+?}");

	public Resource(String id, @Nullable String parentId, @Nullable String pathPart, String path,
			@Nullable Map<String, Method> resourceMethods) {
		this.id = ModelIds.requireId(id, "resource.id");
		this.parentId = parentId;
		if (parentId == null) {
			if (pathPart != null && !pathPart.isEmpty() || !ROOT_PATH.equals(path)) {
				throw ApiModelException.badRequest("Only the root resource '/' may lack a parent: " + path);
			}
		}
		else if (pathPart == null || !PATH_PART.matcher(pathPart).matches()) {
			throw ApiModelException.badRequest("Resource's path part only allow a-zA-Z0-9._- and curly braces at "
					+ "the beginning and the end and an optional plus sign before the closing brace. Got: "
					+ pathPart);
		}
		this.pathPart = (parentId == null) ? null : pathPart;
		this.path = ModelChecks.requireText(path, "resource.path");
		Map<String, Method> methods = new LinkedHashMap<>();
		if (resourceMethods != null) {
			resourceMethods.forEach((verb, method) -> {
				if (!verb.equalsIgnoreCase(method.httpMethod())) {
					throw ApiModelException.badRequest(
							"Method key " + verb + " does not match its httpMethod " + method.httpMethod());
				}
				methods.put(method.httpMethod(), method);
			});
		}
		this.resourceMethods = Immutables.map(methods);
	}

	public static Resource root(String id) {
		return new Resource(id, null, null, ROOT_PATH, null);
	}

	public boolean isGreedy() {
		return this.pathPart != null && this.pathPart.endsWith("+}");
	}

	public Resource withMethod(Method method) {
		Map<String, Method> methods = new LinkedHashMap<>(this.resourceMethods);
		methods.put(method.httpMethod(), method);
		return new Resource(this.id, this.parentId, this.pathPart, this.path, methods);
	}

	/** The path of a child resource with the given path part. */
	public String childPath(String childPathPart) {
		return ROOT_PATH.equals(this.path) ? "/" + childPathPart : this.path + "/" + childPathPart;
	}

}
