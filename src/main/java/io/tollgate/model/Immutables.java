package io.tollgate.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Immutable copies for the collections of model records; {@code null} becomes empty, order is kept. */
public final class Immutables {

	private Immutables() {
	}

	public static <T> List<T> list(@Nullable List<T> list) {
		return (list == null) ? List.of() : List.copyOf(list);
	}

	public static <K, V> Map<K, V> map(@Nullable Map<K, V> map) {
		return (map == null || map.isEmpty()) ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
	}

}
