package io.tollgate.mapping;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * {@code $util}: AWS's escaping, encoding and JSON parsing functions. Every result counts towards the render's
 * budget.
 */
final class UtilVariable implements TemplateFacade {

	private final InputVariable input;

	UtilVariable(InputVariable input) {
		this.input = input;
	}

	/**
	 * JavaScript string escaping as AWS does it (Commons Lang 2's {@code escapeJavaScript}): quotes, backslash and
	 * slash are backslash-escaped, control characters use their short escapes, and everything outside ASCII becomes
	 * {@code \}{@code uXXXX}. Note that {@code '} becomes {@code \'}, which is not valid JSON; AWS documents
	 * {@code .replaceAll("\\'","'")} as the remedy.
	 */
	String escapeJavaScript(@Nullable Object value) {
		if (value == null) {
			return "";
		}
		String text = TemplateValues.stringify(value);
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		RenderBudget budget = RenderBudget.current();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c > 0x7f) {
				escaped.append("\\u").append(hex4(c));
			}
			else if (c < 0x20) {
				switch (c) {
					case '\b' -> escaped.append("\\b");
					case '\n' -> escaped.append("\\n");
					case '\t' -> escaped.append("\\t");
					case '\f' -> escaped.append("\\f");
					case '\r' -> escaped.append("\\r");
					default -> escaped.append("\\u").append(hex4(c));
				}
			}
			else {
				switch (c) {
					case '\'' -> escaped.append("\\'");
					case '"' -> escaped.append("\\\"");
					case '\\' -> escaped.append("\\\\");
					case '/' -> escaped.append("\\/");
					default -> escaped.append(c);
				}
			}
			budget.tick();
		}
		budget.charge(escaped.length());
		return escaped.toString();
	}

	private static String hex4(char c) {
		return String.format("%04X", (int) c);
	}

	/**
	 * {@code $util.parseJson}: the object form of JSON text. Parsing the request body itself reuses the document
	 * {@code $input.path} already parsed, so a template looping over it does not parse 10 MB again and again.
	 */
	@Nullable Object parseJson(@Nullable Object json) {
		if (json == null) {
			return null;
		}
		if (json == this.input.body()) {
			return this.input.document();
		}
		return JsonValues.parse(TemplateValues.stringify(json), true);
	}

	String urlEncode(@Nullable Object value) {
		return charged(URLEncoder.encode(text(value), StandardCharsets.UTF_8));
	}

	String urlDecode(@Nullable Object value) {
		try {
			return charged(URLDecoder.decode(text(value), StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			throw new MappingTemplateException("Mapping template urlDecode was given malformed input");
		}
	}

	String base64Encode(@Nullable Object value) {
		return charged(Base64.getEncoder().encodeToString(text(value).getBytes(StandardCharsets.UTF_8)));
	}

	String base64Decode(@Nullable Object value) {
		try {
			return charged(new String(Base64.getDecoder().decode(text(value)), StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			throw new MappingTemplateException("Mapping template base64Decode was given malformed input");
		}
	}

	private static String text(@Nullable Object value) {
		return (value != null) ? TemplateValues.stringify(value) : "";
	}

	private static String charged(String result) {
		RenderBudget.current().charge(result.length());
		return result;
	}

	@Override
	public @Nullable TemplateMethod method(String name, int arity) {
		if (arity != 1) {
			return null;
		}
		return switch (name) {
			case "escapeJavaScript" -> (target, args) -> ((UtilVariable) target).escapeJavaScript(args[0]);
			case "parseJson" -> (target, args) -> ((UtilVariable) target).parseJson(args[0]);
			case "urlEncode" -> (target, args) -> ((UtilVariable) target).urlEncode(args[0]);
			case "urlDecode" -> (target, args) -> ((UtilVariable) target).urlDecode(args[0]);
			case "base64Encode" -> (target, args) -> ((UtilVariable) target).base64Encode(args[0]);
			case "base64Decode" -> (target, args) -> ((UtilVariable) target).base64Decode(args[0]);
			default -> null;
		};
	}

	@Override
	public String toString() {
		return "$util";
	}

}
