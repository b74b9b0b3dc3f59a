package io.tollgate.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kubernetes objects rendered by {@code helm template} or {@code kubectl kustomize}, parsed from their multi-document
 * YAML, looked up by kind and name, and navigated by dotted paths for assertions.
 */
final class RenderedManifests {

	private final List<Map<String, Object>> objects;

	private RenderedManifests(List<Map<String, Object>> objects) {
		this.objects = objects;
	}

	@SuppressWarnings("unchecked")
	static RenderedManifests parse(String yaml) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		List<Map<String, Object>> objects = new ArrayList<>();
		for (Object document : new Yaml(new SafeConstructor(options)).loadAll(yaml)) {
			if (document != null) {
				objects.add((Map<String, Object>) document);
			}
		}
		return new RenderedManifests(objects);
	}

	List<Map<String, Object>> all() {
		return this.objects;
	}

	/** Kind/name of every object, for an overview in assertions. */
	List<String> kindsAndNames() {
		return this.objects.stream().map((o) -> o.get("kind") + "/" + value(o, "metadata.name")).toList();
	}

	List<Map<String, Object>> ofKind(String kind) {
		return this.objects.stream().filter((o) -> kind.equals(o.get("kind"))).collect(Collectors.toList());
	}

	Map<String, Object> get(String kind, String name) {
		List<Map<String, Object>> found = this.objects.stream()
			.filter((o) -> kind.equals(o.get("kind")) && name.equals(value(o, "metadata.name")))
			.toList();
		assertThat(found).as("%s/%s among %s", kind, name, kindsAndNames()).hasSize(1);
		return found.get(0);
	}

	boolean has(String kind, String name) {
		return this.objects.stream()
			.anyMatch((o) -> kind.equals(o.get("kind")) && name.equals(value(o, "metadata.name")));
	}

	/** The value at a dotted path ({@code spec.template.spec.containers}); list elements by index ({@code ports.0}). */
	@SuppressWarnings("unchecked")
	static <T> T value(Object root, String path) {
		Object current = root;
		for (String part : path.split("\\.")) {
			if (current instanceof Map<?, ?> map) {
				current = map.get(part);
			}
			else if (current instanceof List<?> list) {
				current = list.get(Integer.parseInt(part));
			}
			else {
				return null;
			}
		}
		return (T) current;
	}

	/** The element of a list of named maps ({@code containers}, {@code env}, {@code ports}) with that name. */
	static Map<String, Object> named(List<Map<String, Object>> items, String name) {
		return items.stream()
			.filter((item) -> name.equals(item.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError(name + " not among " + items));
	}

	/** Environment variables of a container as name to value (or to the {@code valueFrom} map). */
	static Map<String, Object> env(Map<String, Object> container) {
		Map<String, Object> env = new LinkedHashMap<>();
		List<Map<String, Object>> entries = value(container, "env");
		for (Map<String, Object> entry : Objects.requireNonNull(entries)) {
			env.put((String) entry.get("name"), entry.containsKey("value") ? entry.get("value") : entry.get("valueFrom"));
		}
		return env;
	}

}
