package io.tollgate.validation;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import io.tollgate.model.AuthorRegex;

/**
 * JSON Schema {@code pattern} (and {@code patternProperties}) on RE2/J: a model's pattern is matched against client
 * values in time linear in their length, whatever the pattern ({@link AuthorRegex}). As JSON Schema says, a pattern
 * matches anywhere in the value unless anchored.
 */
final class LinearRegularExpressions implements RegularExpressionFactory {

	static final LinearRegularExpressions INSTANCE = new LinearRegularExpressions();

	@Override
	public RegularExpression getRegularExpression(String regex) {
		com.google.re2j.Pattern pattern = AuthorRegex.compile(regex, 0, "pattern");
		return (value) -> pattern.matcher(value).find();
	}

}
