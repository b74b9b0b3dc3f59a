package io.tollgate.mapping;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.velocity.runtime.directive.ForeachScope;
import org.apache.velocity.util.introspection.Info;
import org.apache.velocity.util.introspection.UberspectImpl;
import org.apache.velocity.util.introspection.VelMethod;
import org.apache.velocity.util.introspection.VelPropertyGet;
import org.apache.velocity.util.introspection.VelPropertySet;
import org.jspecify.annotations.Nullable;

import io.tollgate.mapping.TemplateValues.TemplateEntry;
import io.tollgate.mapping.TemplateValues.TemplateMap;

/**
 * The only way a mapping template reaches a Java object. Instead of reflecting over whatever it is handed (which is
 * how {@code $s.getClass().forName(...)} reaches {@code Runtime.exec}), it answers from explicit tables: the methods
 * each {@link TemplateFacade} lists, {@link StringMethods}, and read-only subsets of the template value types,
 * numbers, booleans and the {@code $foreach} scope. Anything else resolves to nothing, which Velocity treats as an
 * invalid reference and the engine renders as an empty string. Every call and loop step checks the render
 * deadline.
 *
 * <p>Public only because Velocity instantiates its uberspector by class name; not an API.
 */
public final class AllowlistUberspector extends UberspectImpl {

	@Override
	public @Nullable Iterator<?> getIterator(Object target, Info info) {
		RenderBudget budget = RenderBudget.current();
		budget.checkDeadline();
		Iterator<?> iterator;
		if (target instanceof Map<?, ?> map && !(target instanceof ForeachScope)) {
			// Velocity iterates a map's values.
			iterator = map.values().iterator();
		}
		else if (target instanceof Collection<?> collection) {
			iterator = collection.iterator();
		}
		else {
			return null;
		}
		return new Iterator<Object>() {

			@Override
			public boolean hasNext() {
				budget.checkDeadline();
				return iterator.hasNext();
			}

			@Override
			public @Nullable Object next() {
				budget.checkDeadline();
				return iterator.next();
			}

		};
	}

	@Override
	public @Nullable VelMethod getMethod(Object target, String name, @Nullable Object[] args, Info info) {
		RenderBudget.current().checkDeadline();
		TemplateMethod method = resolve(target, name, args);
		return (method != null) ? new AllowedMethod(name, method) : null;
	}

	private static @Nullable TemplateMethod resolve(Object target, String name, @Nullable Object[] args) {
		int arity = args.length;
		if (target instanceof TemplateFacade facade) {
			return facade.method(name, arity);
		}
		if (target instanceof String) {
			return StringMethods.resolve(name, args);
		}
		if (target instanceof ForeachScope) {
			return (arity == 0) ? scopeMethod(name) : null;
		}
		if (target instanceof TemplateMap) {
			return mapMethod(name, arity);
		}
		if (target instanceof List<?>) {
			return listMethod(name, arity);
		}
		if (target instanceof TemplateEntry) {
			return switch (name) {
				case "getKey" -> (arity == 0) ? (t, a) -> ((TemplateEntry) t).getKey() : null;
				case "getValue" -> (arity == 0) ? (t, a) -> ((TemplateEntry) t).getValue() : null;
				default -> null;
			};
		}
		if (target instanceof Number || target instanceof Boolean || target instanceof Character) {
			return scalarMethod(target, name, arity);
		}
		return null;
	}

	private static @Nullable TemplateMethod scopeMethod(String name) {
		return switch (name) {
			case "hasNext", "getHasNext" -> (t, a) -> ((ForeachScope) t).hasNext();
			case "getIndex" -> (t, a) -> ((ForeachScope) t).getIndex();
			case "getCount" -> (t, a) -> ((ForeachScope) t).getCount();
			case "isFirst", "getFirst" -> (t, a) -> ((ForeachScope) t).isFirst();
			case "isLast", "getLast" -> (t, a) -> ((ForeachScope) t).isLast();
			case "getParent" -> (t, a) -> ((ForeachScope) t).getParent();
			default -> null;
		};
	}

	private static @Nullable TemplateMethod mapMethod(String name, int arity) {
		if (arity == 0) {
			return switch (name) {
				case "size" -> (t, a) -> ((TemplateMap) t).size();
				case "isEmpty" -> (t, a) -> ((TemplateMap) t).isEmpty();
				case "keySet" -> (t, a) -> ((TemplateMap) t).keys();
				case "values" -> (t, a) -> ((TemplateMap) t).valueList();
				case "entrySet" -> (t, a) -> ((TemplateMap) t).entryList();
				case "toString" -> (t, a) -> t.toString();
				default -> null;
			};
		}
		if (arity == 1) {
			return switch (name) {
				case "get" -> (t, a) -> ((TemplateMap) t).get(a[0]);
				case "containsKey" -> (t, a) -> ((TemplateMap) t).containsKey(a[0]);
				case "containsValue" -> (t, a) -> indexOf(((TemplateMap) t).values(), a[0]) >= 0;
				case "equals" -> (t, a) -> t.equals(a[0]);
				default -> null;
			};
		}
		return null;
	}

	private static @Nullable TemplateMethod listMethod(String name, int arity) {
		if (arity == 0) {
			return switch (name) {
				case "size" -> (t, a) -> ((List<?>) t).size();
				case "isEmpty" -> (t, a) -> ((List<?>) t).isEmpty();
				case "toString" -> (t, a) -> t.toString();
				default -> null;
			};
		}
		if (arity == 1) {
			return switch (name) {
				case "get" -> (t, a) -> ((List<?>) t).get(index(a[0]));
				case "contains" -> (t, a) -> indexOf((List<?>) t, a[0]) >= 0;
				case "indexOf" -> (t, a) -> indexOf((List<?>) t, a[0]);
				case "equals" -> (t, a) -> t.equals(a[0]);
				default -> null;
			};
		}
		if (arity == 2 && "subList".equals(name)) {
			return (t, a) -> TemplateValues.list(((List<?>) t).subList(index(a[0]), index(a[1])));
		}
		return null;
	}

	private static int indexOf(Collection<?> values, @Nullable Object wanted) {
		RenderBudget budget = RenderBudget.current();
		int index = 0;
		for (Object value : values) {
			budget.checkDeadline();
			if (Objects.equals(value, wanted)) {
				return index;
			}
			index++;
		}
		return -1;
	}

	private static int index(@Nullable Object value) {
		Number number = SandboxNodes.number(value);
		if (number == null) {
			throw new MappingTemplateException("Mapping template passed a non-number as a list index");
		}
		return number.intValue();
	}

	private static @Nullable TemplateMethod scalarMethod(Object target, String name, int arity) {
		if (arity == 1 && "equals".equals(name)) {
			return (t, a) -> t.equals(a[0]);
		}
		if (arity != 0) {
			return null;
		}
		if ("toString".equals(name)) {
			return (t, a) -> t.toString();
		}
		if (target instanceof Number) {
			return switch (name) {
				case "intValue" -> (t, a) -> ((Number) t).intValue();
				case "longValue" -> (t, a) -> ((Number) t).longValue();
				case "doubleValue" -> (t, a) -> ((Number) t).doubleValue();
				case "floatValue" -> (t, a) -> ((Number) t).floatValue();
				default -> null;
			};
		}
		if (target instanceof Boolean) {
			return "booleanValue".equals(name) ? (t, a) -> t : null;
		}
		return "charValue".equals(name) ? (t, a) -> t : null;
	}

	@Override
	public @Nullable VelPropertyGet getPropertyGet(Object target, String name, Info info) {
		RenderBudget.current().checkDeadline();
		if (target instanceof TemplateFacade) {
			return new AllowedGetter(name, (t) -> ((TemplateFacade) t).property(name));
		}
		if (target instanceof ForeachScope) {
			String getter = switch (name) {
				case "hasNext" -> "hasNext";
				case "index", "count", "first", "last", "parent" ->
					"get" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
				default -> null;
			};
			TemplateMethod method = (getter != null) ? scopeMethod(getter) : null;
			return (method != null) ? new AllowedGetter(name, (t) -> method.invoke(t, new Object[0])) : null;
		}
		if (target instanceof TemplateEntry) {
			return switch (name) {
				case "key" -> new AllowedGetter(name, (t) -> ((TemplateEntry) t).getKey());
				case "value" -> new AllowedGetter(name, (t) -> ((TemplateEntry) t).getValue());
				default -> null;
			};
		}
		if (target instanceof TemplateMap) {
			// $map.name is always a key lookup, never a getter: $map.class is the "class" key, not getClass().
			return new AllowedGetter(name, (t) -> ((TemplateMap) t).get(name));
		}
		return null;
	}

	@Override
	public @Nullable VelPropertySet getPropertySet(Object target, String name, @Nullable Object value, Info info) {
		RenderBudget.current().checkDeadline();
		if (target instanceof TemplateFacade facade && facade.isSettable(name)) {
			return new AllowedSetter(name);
		}
		return null;
	}

	/** A method from the allowlist, presented the way Velocity expects. */
	private record AllowedMethod(String name, TemplateMethod method) implements VelMethod {

		@Override
		public @Nullable Object invoke(Object target, @Nullable Object[] args) {
			RenderBudget.current().checkDeadline();
			return this.method.invoke(target, args);
		}

		@Override
		public boolean isCacheable() {
			return true;
		}

		@Override
		public String getMethodName() {
			return this.name;
		}

		@Override
		public @Nullable Method getMethod() {
			// There is no reflective method behind an allowlisted call.
			return null;
		}

		@Override
		public Class<?> getReturnType() {
			return Object.class;
		}

	}

	/** A property read from the allowlist. */
	private record AllowedGetter(String name, Getter getter) implements VelPropertyGet {

		@Override
		public @Nullable Object invoke(Object target) {
			RenderBudget.current().checkDeadline();
			return this.getter.get(target);
		}

		@Override
		public boolean isCacheable() {
			return true;
		}

		@Override
		public String getMethodName() {
			return this.name;
		}

	}

	@FunctionalInterface
	private interface Getter {

		@Nullable Object get(Object target);

	}

	/** {@code #set} on a facade property that allows it ({@code $context.responseOverride.status}). */
	private record AllowedSetter(String name) implements VelPropertySet {

		@Override
		public @Nullable Object invoke(Object target, @Nullable Object value) {
			RenderBudget.current().checkDeadline();
			((TemplateFacade) target).setProperty(this.name, value);
			return null;
		}

		@Override
		public boolean isCacheable() {
			return true;
		}

		@Override
		public String getMethodName() {
			return this.name;
		}

	}

}
