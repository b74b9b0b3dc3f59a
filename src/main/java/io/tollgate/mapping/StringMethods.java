package io.tollgate.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;

/**
 * The {@code String} methods templates may call, each implemented here rather than reached by reflection.
 *
 * <p>Left out on purpose: {@code getClass} and anything reflective, {@code repeat} (a one-call memory bomb),
 * {@code format}/{@code formatted}, {@code getBytes}, {@code chars}, {@code lines}, {@code intern},
 * {@code transform}. The search methods switch to a deadline-checked loop when the work could be large
 * (worst case length of text times length of needle). The regular-expression methods ({@code matches},
 * {@code replaceAll}, {@code replaceFirst}, {@code split}; AWS documents {@code replaceAll} for use after
 * {@code $util.escapeJavaScript}) run the JDK's matcher over a view of the text whose {@code charAt} checks the
 * render deadline, so catastrophic backtracking ends with the render's time limit instead of pinning a thread.
 * Every new string is charged to the render's budget before or while it is built.
 */
final class StringMethods {

	/** Up to this much work (text length times needle length) the JDK's intrinsic search runs unchecked. */
	private static final long UNCHECKED_SEARCH_WORK = 10_000_000;

	private static final int MAX_REGEX_LENGTH = 1_000;

	private StringMethods() {
	}

	static @Nullable TemplateMethod resolve(String name, @Nullable Object[] args) {
		int arity = args.length;
		return switch (name) {
			case "length" -> (arity == 0) ? (s, a) -> text(s).length() : null;
			case "isEmpty" -> (arity == 0) ? (s, a) -> text(s).isEmpty() : null;
			case "isBlank" -> (arity == 0) ? (s, a) -> text(s).isBlank() : null;
			case "toString" -> (arity == 0) ? (s, a) -> text(s) : null;
			case "charAt" -> (arity == 1) ? (s, a) -> text(s).charAt(index(a[0])) : null;
			case "substring" -> switch (arity) {
				case 1 -> (s, a) -> charged(text(s).substring(index(a[0])));
				case 2 -> (s, a) -> charged(text(s).substring(index(a[0]), index(a[1])));
				default -> null;
			};
			case "trim" -> (arity == 0) ? (s, a) -> charged(text(s).trim()) : null;
			case "strip" -> (arity == 0) ? (s, a) -> charged(text(s).strip()) : null;
			case "toLowerCase" -> (arity == 0) ? (s, a) -> charged(text(s).toLowerCase(Locale.ROOT)) : null;
			case "toUpperCase" -> (arity == 0) ? (s, a) -> charged(text(s).toUpperCase(Locale.ROOT)) : null;
			case "equals" -> (arity == 1) ? (s, a) -> text(s).equals(a[0]) : null;
			case "equalsIgnoreCase" -> (arity == 1) ? (s, a) -> text(s).equalsIgnoreCase(string(a[0])) : null;
			case "compareTo" -> (arity == 1) ? (s, a) -> text(s).compareTo(string(a[0])) : null;
			case "compareToIgnoreCase" -> (arity == 1) ? (s, a) -> text(s).compareToIgnoreCase(string(a[0])) : null;
			case "startsWith" -> switch (arity) {
				case 1 -> (s, a) -> text(s).startsWith(string(a[0]));
				case 2 -> (s, a) -> text(s).startsWith(string(a[0]), index(a[1]));
				default -> null;
			};
			case "endsWith" -> (arity == 1) ? (s, a) -> text(s).endsWith(string(a[0])) : null;
			case "concat" -> (arity == 1) ? (s, a) -> concat(text(s), string(a[0])) : null;
			case "contains" -> (arity == 1) ? (s, a) -> indexOf(text(s), string(a[0]), 0) >= 0 : null;
			case "indexOf" -> switch (arity) {
				case 1 -> (s, a) -> indexOf(text(s), string(a[0]), 0);
				case 2 -> (s, a) -> indexOf(text(s), string(a[0]), index(a[1]));
				default -> null;
			};
			case "lastIndexOf" -> (arity == 1) ? (s, a) -> lastIndexOf(text(s), string(a[0])) : null;
			case "replace" -> (arity == 2) ? (s, a) -> replace(text(s), string(a[0]), string(a[1])) : null;
			case "matches" -> (arity == 1) ? (s, a) -> matcher(text(s), a[0]).matches() : null;
			case "replaceAll" -> (arity == 2) ? (s, a) -> replaceRegex(text(s), a[0], string(a[1]), true) : null;
			case "replaceFirst" -> (arity == 2) ? (s, a) -> replaceRegex(text(s), a[0], string(a[1]), false) : null;
			case "split" -> switch (arity) {
				case 1 -> (s, a) -> split(text(s), a[0], 0);
				case 2 -> (s, a) -> split(text(s), a[0], index(a[1]));
				default -> null;
			};
			default -> null;
		};
	}

	private static String text(Object target) {
		return (String) target;
	}

	private static String string(@Nullable Object value) {
		if (value == null) {
			// What the JDK method would do (a NullPointerException), without the stack trace.
			throw new MappingTemplateException("Mapping template passed null to a string method");
		}
		return TemplateValues.stringify(value);
	}

	private static int index(@Nullable Object value) {
		Number number = SandboxNodes.number(value);
		if (number == null) {
			throw new MappingTemplateException("Mapping template passed a non-number where a string method "
					+ "expects an index");
		}
		return number.intValue();
	}

	private static String charged(String result) {
		RenderBudget.current().charge(result.length());
		return result;
	}

	private static String concat(String text, String other) {
		RenderBudget.current().charge((long) text.length() + other.length());
		return text.concat(other);
	}

	static int indexOf(String text, String needle, int from) {
		if ((long) text.length() * needle.length() <= UNCHECKED_SEARCH_WORK) {
			return text.indexOf(needle, from);
		}
		RenderBudget budget = RenderBudget.current();
		for (int i = Math.max(0, from); i <= text.length() - needle.length(); i++) {
			budget.tick();
			if (text.startsWith(needle, i)) {
				return i;
			}
		}
		return -1;
	}

	private static int lastIndexOf(String text, String needle) {
		if ((long) text.length() * needle.length() <= UNCHECKED_SEARCH_WORK) {
			return text.lastIndexOf(needle);
		}
		RenderBudget budget = RenderBudget.current();
		for (int i = text.length() - needle.length(); i >= 0; i--) {
			budget.tick();
			if (text.startsWith(needle, i)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * {@code String.replace(CharSequence, CharSequence)}, built piece by piece so that an amplifying replacement
	 * ({@code replace('', $big)}) is refused as soon as it outgrows the budget, not after allocating it.
	 */
	private static String replace(String text, String target, String replacement) {
		RenderBudget budget = RenderBudget.current();
		long limit = budget.remainingScratch();
		StringBuilder result = new StringBuilder();
		if (target.isEmpty()) {
			for (int i = 0; i <= text.length(); i++) {
				result.append(replacement);
				if (i < text.length()) {
					result.append(text.charAt(i));
				}
				checkGrowth(result, limit, budget);
			}
		}
		else {
			int from = 0;
			for (int at = indexOf(text, target, 0); at >= 0; at = indexOf(text, target, from)) {
				result.append(text, from, at).append(replacement);
				from = at + target.length();
				checkGrowth(result, limit, budget);
			}
			result.append(text, from, text.length());
		}
		return charged(result.toString());
	}

	private static void checkGrowth(StringBuilder result, long limit, RenderBudget budget) {
		if (result.length() > limit) {
			throw new MappingTemplateException("Mapping template created more intermediate data than allowed");
		}
		budget.tick();
	}

	private static Matcher matcher(String text, @Nullable Object regex) {
		String expression = string(regex);
		if (expression.length() > MAX_REGEX_LENGTH) {
			throw new MappingTemplateException("Mapping template regular expression is longer than "
					+ MAX_REGEX_LENGTH + " characters");
		}
		try {
			return Pattern.compile(expression).matcher(new DeadlineChars(text, RenderBudget.current()));
		}
		catch (PatternSyntaxException ex) {
			throw new MappingTemplateException("Mapping template has an invalid regular expression");
		}
	}

	private static String replaceRegex(String text, @Nullable Object regex, String replacement, boolean all) {
		RenderBudget budget = RenderBudget.current();
		long limit = budget.remainingScratch();
		Matcher matcher = matcher(text, regex);
		StringBuilder result = new StringBuilder();
		try {
			while (matcher.find()) {
				matcher.appendReplacement(result, replacement);
				checkGrowth(result, limit, budget);
				if (!all) {
					break;
				}
			}
		}
		catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
			throw new MappingTemplateException("Mapping template has an invalid regular expression replacement");
		}
		matcher.appendTail(result);
		return charged(result.toString());
	}

	/**
	 * {@code Pattern.split} semantics, charging each piece as it is cut so that splitting a large body on every
	 * character is refused before it allocates millions of strings.
	 */
	private static List<?> split(String text, @Nullable Object regex, int limit) {
		RenderBudget budget = RenderBudget.current();
		Matcher matcher = matcher(text, regex);
		List<String> pieces = new ArrayList<>();
		int index = 0;
		while (matcher.find()) {
			if (limit > 0 && pieces.size() >= limit - 1) {
				break;
			}
			if (index == 0 && matcher.start() == 0 && matcher.end() == 0) {
				// A zero-width match at the start yields no leading empty piece, as in the JDK.
				continue;
			}
			pieces.add(piece(text, index, matcher.start(), budget));
			index = matcher.end();
		}
		if (index == 0 && pieces.isEmpty()) {
			return TemplateValues.list(List.of(text));
		}
		pieces.add(piece(text, index, text.length(), budget));
		int size = pieces.size();
		if (limit == 0) {
			while (size > 0 && pieces.get(size - 1).isEmpty()) {
				size--;
			}
		}
		return TemplateValues.list(pieces.subList(0, size));
	}

	private static String piece(String text, int start, int end, RenderBudget budget) {
		budget.charge(RenderBudget.NODE_WEIGHT + (end - start));
		return text.substring(start, end);
	}

	/**
	 * The text as the regular-expression engine sees it: every character it looks at counts as a step towards the
	 * render deadline.
	 */
	private record DeadlineChars(String text, RenderBudget budget) implements CharSequence {

		@Override
		public int length() {
			return this.text.length();
		}

		@Override
		public char charAt(int index) {
			this.budget.tick();
			return this.text.charAt(index);
		}

		@Override
		public CharSequence subSequence(int start, int end) {
			return this.text.substring(start, end);
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

}
