package io.tollgate.mapping;

import java.lang.reflect.Array;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The only collection types a template ever sees: immutable lists and maps that know their full size
 * ({@code weight}, shared sub-structures counted every time they appear) and depth.
 *
 * <p>The weight matters because Velocity calls {@code toString}, {@code equals} and {@code hashCode} on values in
 * many places no hook reaches (comparisons, implicit string conversion). A template could otherwise build a value
 * that doubles in size with each {@code #set($l = [$l, $l])} at no cost and then ask for its string form. Capping
 * the weight at creation bounds every such call; {@code toString} is also charged to the render's budget.
 */
final class TemplateValues {

	private TemplateValues() {
	}

	static TemplateList list(List<?> elements) {
		return new TemplateList(elements, true);
	}

	static TemplateMap map(Map<?, ?> entries) {
		return new TemplateMap(entries, true);
	}

	/**
	 * Turns a value from outside the sandbox (caller's context maps, JSONPath results) into template values,
	 * copying plain collections and arrays and keeping scalars and template values as they are.
	 */
	static @Nullable Object adopt(@Nullable Object value) {
		if (value instanceof TemplateList || value instanceof TemplateMap || value instanceof TemplateRange) {
			return value;
		}
		if (value instanceof Map<?, ?> map) {
			LinkedHashMap<Object, @Nullable Object> copy = new LinkedHashMap<>();
			map.forEach((key, element) -> copy.put(key, adopt(element)));
			return new TemplateMap(copy, true);
		}
		if (value instanceof Collection<?> collection) {
			List<@Nullable Object> copy = new ArrayList<>(collection.size());
			collection.forEach((element) -> copy.add(adopt(element)));
			return new TemplateList(copy, true);
		}
		if (value != null && value.getClass().isArray()) {
			int length = Array.getLength(value);
			List<@Nullable Object> copy = new ArrayList<>(length);
			for (int i = 0; i < length; i++) {
				copy.add(adopt(Array.get(value, i)));
			}
			return new TemplateList(copy, true);
		}
		return value;
	}

	static long weightOf(@Nullable Object value) {
		if (value instanceof Weighed weighed) {
			return weighed.weight();
		}
		if (value instanceof CharSequence chars) {
			return RenderBudget.NODE_WEIGHT + chars.length();
		}
		return RenderBudget.NODE_WEIGHT;
	}

	static int depthOf(@Nullable Object value) {
		return (value instanceof Weighed weighed) ? weighed.depth() : 0;
	}

	/**
	 * Java's collection formatting ({@code [a, b]}, {@code {k=v}}), which is what AWS renders for a map or list
	 * reference, built within the render's budget; a list read from the request body through {@code $input.path}
	 * renders as JSON ({@code [{"foo":"bar"}]}), as AWS's does.
	 */
	static String stringify(@Nullable Object value) {
		if (value instanceof String string) {
			return string;
		}
		if (!(value instanceof Weighed)) {
			return String.valueOf(value);
		}
		RenderBudget budget = RenderBudget.current();
		StringBuilder text = new StringBuilder();
		append(text, value, budget);
		return text.toString();
	}

	private static void append(StringBuilder text, @Nullable Object value, RenderBudget budget) {
		if (value instanceof TemplateList list && list.json) {
			text.append(JsonValues.write(list));
			return;
		}
		if (value instanceof TemplateMap map) {
			text.append('{');
			boolean first = true;
			for (Map.Entry<Object, @Nullable Object> entry : map.entrySet()) {
				if (!first) {
					text.append(", ");
				}
				first = false;
				append(text, entry.getKey(), budget);
				text.append('=');
				append(text, entry.getValue(), budget);
			}
			text.append('}');
		}
		else if (value instanceof List<?> list) {
			text.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					text.append(", ");
				}
				append(text, list.get(i), budget);
			}
			text.append(']');
		}
		else if (value instanceof TemplateEntry entry) {
			append(text, entry.getKey(), budget);
			text.append('=');
			append(text, entry.getValue(), budget);
		}
		else {
			String string = String.valueOf(value);
			budget.charge(string.length());
			text.append(string);
			return;
		}
		budget.charge(2);
	}

	private static void checkShape(long weight, int depth) {
		if (depth > RenderBudget.MAX_DEPTH) {
			throw new MappingTemplateException("Mapping template built a value nested deeper than "
					+ RenderBudget.MAX_DEPTH + " levels");
		}
		RenderBudget.current().checkValueWeight(weight);
	}

	/** A value that knows its full size and nesting depth. */
	sealed interface Weighed permits TemplateList, TemplateMap, TemplateRange, TemplateEntry {

		long weight();

		int depth();

	}

	/** An immutable list; {@code RandomAccess} so Velocity and JSONPath index it directly. */
	static final class TemplateList extends AbstractList<@Nullable Object> implements RandomAccess, Weighed {

		private final @Nullable Object[] elements;

		private final long weight;

		private final int depth;

		/** Whether the list came from JSON through {@code $input} and renders as JSON text. */
		private final boolean json;

		boolean rendersAsJson() {
			return this.json;
		}

		TemplateList(List<?> elements, boolean charge) {
			this(elements, charge, false);
		}

		TemplateList(List<?> elements, boolean charge, boolean json) {
			this.json = json;
			this.elements = elements.toArray();
			long weight = RenderBudget.NODE_WEIGHT;
			int depth = 0;
			for (Object element : this.elements) {
				weight += weightOf(element);
				depth = Math.max(depth, depthOf(element));
			}
			this.weight = weight;
			this.depth = depth + 1;
			checkShape(this.weight, this.depth);
			if (charge) {
				RenderBudget.current().charge((long) RenderBudget.NODE_WEIGHT * (this.elements.length + 1));
			}
		}

		@Override
		public @Nullable Object get(int index) {
			return this.elements[index];
		}

		@Override
		public int size() {
			return this.elements.length;
		}

		@Override
		public long weight() {
			return this.weight;
		}

		@Override
		public int depth() {
			return this.depth;
		}

		@Override
		public String toString() {
			return stringify(this);
		}

	}

	/** An immutable, insertion-ordered map. */
	static final class TemplateMap extends AbstractMap<Object, @Nullable Object> implements Weighed {

		private final Map<Object, @Nullable Object> entries;

		private final long weight;

		private final int depth;

		TemplateMap(Map<?, ?> entries, boolean charge) {
			this(copyOf(entries), charge);
		}

		private static LinkedHashMap<Object, @Nullable Object> copyOf(Map<?, ?> entries) {
			return new LinkedHashMap<>(entries);
		}

		/**
		 * Takes ownership of {@code copy}, which nothing else may hold (the JSON parser's fresh maps).
		 */
		TemplateMap(LinkedHashMap<Object, @Nullable Object> copy, boolean charge) {
			long weight = RenderBudget.NODE_WEIGHT;
			int depth = 0;
			for (Map.Entry<Object, @Nullable Object> entry : copy.entrySet()) {
				weight += weightOf(entry.getKey()) + weightOf(entry.getValue());
				depth = Math.max(depth, depthOf(entry.getValue()));
			}
			this.entries = Collections.unmodifiableMap(copy);
			this.weight = weight;
			this.depth = depth + 1;
			checkShape(this.weight, this.depth);
			if (charge) {
				RenderBudget.current().charge((long) RenderBudget.NODE_WEIGHT * (2L * copy.size() + 1));
			}
		}

		@Override
		public Set<Map.Entry<Object, @Nullable Object>> entrySet() {
			return this.entries.entrySet();
		}

		@Override
		public @Nullable Object get(@Nullable Object key) {
			return this.entries.get(key);
		}

		@Override
		public boolean containsKey(@Nullable Object key) {
			return this.entries.containsKey(key);
		}

		@Override
		public int size() {
			return this.entries.size();
		}

		@Override
		public long weight() {
			return this.weight;
		}

		@Override
		public int depth() {
			return this.depth;
		}

		TemplateList keys() {
			return new TemplateList(new ArrayList<>(this.entries.keySet()), true);
		}

		TemplateList valueList() {
			return new TemplateList(new ArrayList<>(this.entries.values()), true);
		}

		TemplateList entryList() {
			List<TemplateEntry> entries = new ArrayList<>(this.entries.size());
			this.entries.forEach((key, value) -> entries.add(new TemplateEntry(key, value)));
			return new TemplateList(entries, true);
		}

		@Override
		public String toString() {
			return stringify(this);
		}

	}

	/** A map entry as {@code $map.entrySet()} hands it out. */
	static final class TemplateEntry implements Map.Entry<Object, @Nullable Object>, Weighed {

		private final Object key;

		private final @Nullable Object value;

		TemplateEntry(Object key, @Nullable Object value) {
			this.key = key;
			this.value = value;
		}

		@Override
		public Object getKey() {
			return this.key;
		}

		@Override
		public @Nullable Object getValue() {
			return this.value;
		}

		@Override
		public @Nullable Object setValue(@Nullable Object value) {
			throw new UnsupportedOperationException();
		}

		@Override
		public long weight() {
			return weightOf(this.key) + weightOf(this.value);
		}

		@Override
		public int depth() {
			return depthOf(this.value) + 1;
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Map.Entry<?, ?> entry && this.key.equals(entry.getKey())
					&& Objects.equals(this.value, entry.getValue());
		}

		@Override
		public int hashCode() {
			return this.key.hashCode() ^ Objects.hashCode(this.value);
		}

		@Override
		public String toString() {
			return stringify(this);
		}

	}

	/**
	 * The {@code [n..m]} range: lazy like Velocity's own, but its size counts towards the weight cap so that
	 * {@code [1..2000000000]} is refused rather than formatted by some implicit {@code toString}.
	 */
	static final class TemplateRange extends AbstractList<Integer> implements RandomAccess, Weighed {

		private final int first;

		private final int size;

		private final int step;

		TemplateRange(int first, int last) {
			long size = Math.abs((long) last - first) + 1;
			RenderBudget.current().checkValueWeight(size * RenderBudget.NODE_WEIGHT);
			this.first = first;
			this.size = (int) size;
			this.step = (first <= last) ? 1 : -1;
		}

		@Override
		public Integer get(int index) {
			if (index < 0 || index >= this.size) {
				throw new IndexOutOfBoundsException(index);
			}
			return this.first + index * this.step;
		}

		@Override
		public int size() {
			return this.size;
		}

		@Override
		public Iterator<Integer> iterator() {
			return new Iterator<>() {

				private int index;

				@Override
				public boolean hasNext() {
					return this.index < TemplateRange.this.size;
				}

				@Override
				public Integer next() {
					return get(this.index++);
				}

			};
		}

		@Override
		public long weight() {
			return (long) this.size * RenderBudget.NODE_WEIGHT;
		}

		@Override
		public int depth() {
			return 1;
		}

		@Override
		public String toString() {
			return stringify(this);
		}

	}

}
