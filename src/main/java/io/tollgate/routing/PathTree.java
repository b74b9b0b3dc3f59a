package io.tollgate.routing;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * A compiled resource tree: finds the resource for a request path in O(path segments) with API Gateway's
 * precedence, a literal segment before a {@code {param}} before a greedy {@code {proxy+}}. A candidate that the
 * caller rejects (for example a resource without the request's verb) lets the search fall back to the next one.
 * Immutable once built; values are attached with {@link Builder#put(String, Object)}.
 *
 * @param <T> what a resource resolves to
 */
public final class PathTree<T> {

	private final Node<T> root;

	private PathTree(Node<T> root) {
		this.root = root;
	}

	public static <T> Builder<T> builder() {
		return new Builder<>();
	}

	/**
	 * Finds the value for {@code path} ({@code /a/b}; empty segments, such as a trailing slash, are ignored).
	 * @param accept whether a found value serves the request; when not, less specific candidates are tried
	 * @return the match, or {@code null}
	 */
	public @Nullable Match<T> match(String path, Predicate<T> accept) {
		String[] segments = segments(path);
		String[] values = new String[segments.length];
		Node<T> found = find(this.root, segments, 0, values, accept);
		if (found == null) {
			return null;
		}
		return new Match<>(found.value, found.parameters(segments, values));
	}

	private static String[] segments(String path) {
		int count = 0;
		int length = path.length();
		for (int i = 0; i < length; i++) {
			if (path.charAt(i) != '/' && (i == 0 || path.charAt(i - 1) == '/')) {
				count++;
			}
		}
		String[] segments = new String[count];
		int index = 0;
		int start = -1;
		for (int i = 0; i <= length; i++) {
			boolean separator = (i == length) || path.charAt(i) == '/';
			if (separator) {
				if (start >= 0) {
					segments[index++] = path.substring(start, i);
					start = -1;
				}
			}
			else if (start < 0) {
				start = i;
			}
		}
		return segments;
	}

	private static <T> @Nullable Node<T> find(Node<T> node, String[] segments, int index, String[] values,
			Predicate<T> accept) {
		if (index == segments.length) {
			return (node.value != null && accept.test(node.value)) ? node : null;
		}
		Node<T> literal = node.literals.get(segments[index]);
		if (literal != null) {
			Node<T> found = find(literal, segments, index + 1, values, accept);
			if (found != null) {
				return found;
			}
		}
		if (node.parameter != null) {
			Node<T> found = find(node.parameter, segments, index + 1, values, accept);
			if (found != null) {
				values[index] = segments[index];
				return found;
			}
		}
		if (node.greedy != null && node.greedy.value != null && accept.test(node.greedy.value)) {
			values[index] = String.join("/", java.util.Arrays.copyOfRange(segments, index, segments.length));
			return node.greedy.withGreedyStart(index);
		}
		return null;
	}

	/**
	 * A found value with the raw (still URL-encoded) values of its path parameters; a greedy parameter's value
	 * spans the remaining segments joined by {@code /}.
	 */
	public record Match<T>(T value, Map<String, String> rawParameters) {
	}

	/** Collects resource paths and their values, then freezes them into a tree. */
	public static final class Builder<T> {

		private final MutableNode<T> root = new MutableNode<>(null, -1);

		private Builder() {
		}

		/** Attaches {@code value} to a resource path such as {@code /pets/{petId}} or {@code /{proxy+}}. */
		public Builder<T> put(String resourcePath, T value) {
			MutableNode<T> node = this.root;
			String[] parts = segments(resourcePath);
			for (int depth = 0; depth < parts.length; depth++) {
				node = node.child(parts[depth], depth);
			}
			node.value = value;
			return this;
		}

		public PathTree<T> build() {
			return new PathTree<>(this.root.freeze(new String[0]));
		}

	}

	private static final class MutableNode<T> {

		private final @Nullable String part;

		private final int depth;

		private final Map<String, MutableNode<T>> literals = new LinkedHashMap<>();

		private @Nullable MutableNode<T> parameter;

		private @Nullable MutableNode<T> greedy;

		private @Nullable T value;

		MutableNode(@Nullable String part, int depth) {
			this.part = part;
			this.depth = depth;
		}

		MutableNode<T> child(String part, int depth) {
			if (part.startsWith("{") && part.endsWith("+}")) {
				if (this.greedy == null) {
					this.greedy = new MutableNode<>(part, depth);
				}
				return checkSameName(this.greedy, part);
			}
			if (part.startsWith("{") && part.endsWith("}")) {
				if (this.parameter == null) {
					this.parameter = new MutableNode<>(part, depth);
				}
				return checkSameName(this.parameter, part);
			}
			return this.literals.computeIfAbsent(part, (name) -> new MutableNode<>(name, depth));
		}

		private static <T> MutableNode<T> checkSameName(MutableNode<T> node, String part) {
			if (!part.equals(node.part)) {
				throw new IllegalArgumentException(
						"Sibling path variables " + node.part + " and " + part + " cannot both exist");
			}
			return node;
		}

		Node<T> freeze(String[] parentNames) {
			String[] names = parentNames;
			if (this.depth >= 0) {
				names = java.util.Arrays.copyOf(parentNames, this.depth + 1);
				String name = null;
				if (this.part != null && this.part.startsWith("{")) {
					name = this.part.substring(1, this.part.length() - (this.part.endsWith("+}") ? 2 : 1));
				}
				names[this.depth] = name;
			}
			Map<String, Node<T>> frozenLiterals = new HashMap<>();
			for (Map.Entry<String, MutableNode<T>> entry : this.literals.entrySet()) {
				frozenLiterals.put(entry.getKey(), entry.getValue().freeze(names));
			}
			return new Node<>(this.value, Collections.unmodifiableMap(frozenLiterals),
					(this.parameter != null) ? this.parameter.freeze(names) : null,
					(this.greedy != null) ? this.greedy.freeze(names) : null, names, -1);
		}

	}

	/**
	 * A frozen node. {@code parameterNames[i]} names the parameter bound by segment {@code i} on the way here
	 * ({@code null} for literals).
	 */
	private record Node<T>(@Nullable T value, Map<String, Node<T>> literals, @Nullable Node<T> parameter,
			@Nullable Node<T> greedy, String[] parameterNames, int greedyStart) {

		Node<T> withGreedyStart(int start) {
			return new Node<>(this.value, this.literals, this.parameter, this.greedy, this.parameterNames, start);
		}

		Map<String, String> parameters(String[] segments, String[] values) {
			int bound = (this.greedyStart >= 0) ? this.greedyStart + 1 : segments.length;
			Map<String, String> parameters = null;
			for (int i = 0; i < bound && i < this.parameterNames.length; i++) {
				String name = this.parameterNames[i];
				if (name != null) {
					if (parameters == null) {
						parameters = new LinkedHashMap<>(4);
					}
					parameters.put(name, values[i]);
				}
			}
			return (parameters != null) ? Collections.unmodifiableMap(parameters) : Map.of();
		}

	}

}
