package io.tollgate.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * {@code $context.responseOverride}: the status and headers a template asks the gateway to answer with instead of
 * the ones the integration response would give.
 */
final class ResponseOverride implements TemplateFacade {

	/** AWS's own limit on header values per response is 10,240 bytes; more headers than this make no sense. */
	private static final int MAX_HEADERS = 64;

	private static final int MAX_HEADER_VALUE = 10_240;

	private @Nullable Integer status;

	private final Headers header = new Headers("response header");

	@Nullable Integer status() {
		return this.status;
	}

	Map<String, String> headers() {
		return Collections.unmodifiableMap(this.header.values);
	}

	@Override
	public @Nullable TemplateMethod method(String name, int arity) {
		return switch (name) {
			case "getStatus" -> (arity == 0) ? (target, args) -> ((ResponseOverride) target).status : null;
			case "getHeader" -> (arity == 0) ? (target, args) -> ((ResponseOverride) target).header : null;
			default -> null;
		};
	}

	@Override
	public @Nullable Object property(String name) {
		return switch (name) {
			case "status" -> this.status;
			case "header" -> this.header;
			default -> null;
		};
	}

	@Override
	public boolean isSettable(String name) {
		return "status".equals(name);
	}

	@Override
	public void setProperty(String name, @Nullable Object value) {
		Number status = SandboxNodes.number(value);
		if (status == null || status.doubleValue() != status.intValue() || status.intValue() < 100
				|| status.intValue() > 599) {
			throw new MappingTemplateException("Mapping template set $context.responseOverride.status to a value "
					+ "that is not an HTTP status code");
		}
		this.status = status.intValue();
	}

	@Override
	public String toString() {
		return "{status=" + this.status + ", header=" + this.header + "}";
	}

	/**
	 * {@code $context.responseOverride.header} (and the maps of {@code $context.requestOverride}): names as the
	 * template spelled them, values as text, bounded in number and size.
	 */
	static final class Headers implements TemplateFacade {

		private final Map<String, String> values = new LinkedHashMap<>();

		private final String what;

		/** @param what what the values are, for refusals ("response header") */
		Headers(String what) {
			this.what = what;
		}

		Map<String, String> values() {
			return Collections.unmodifiableMap(this.values);
		}

		private void put(String name, @Nullable Object value) {
			String text = (value != null) ? TemplateValues.stringify(value) : "";
			if (text.length() > MAX_HEADER_VALUE) {
				throw new MappingTemplateException("Mapping template set a " + this.what + " override longer than "
						+ MAX_HEADER_VALUE + " characters");
			}
			if (!this.values.containsKey(name) && this.values.size() >= MAX_HEADERS) {
				throw new MappingTemplateException("Mapping template set more than " + MAX_HEADERS + " " + this.what
						+ " overrides");
			}
			this.values.put(name, text);
		}

		@Override
		public @Nullable TemplateMethod method(String name, int arity) {
			return switch (name) {
				case "get" -> (arity == 1)
						? (target, args) -> ((Headers) target).values.get(TemplateValues.stringify(args[0])) : null;
				case "put", "set" -> (arity == 2) ? (target, args) -> {
					((Headers) target).put(TemplateValues.stringify(args[0]), args[1]);
					return null;
				} : null;
				default -> null;
			};
		}

		@Override
		public @Nullable Object property(String name) {
			return this.values.get(name);
		}

		@Override
		public boolean isSettable(String name) {
			return true;
		}

		@Override
		public void setProperty(String name, @Nullable Object value) {
			put(name, value);
		}

		@Override
		public String toString() {
			return this.values.toString();
		}

	}

}
