package io.tollgate.mapping;

import org.apache.velocity.app.event.IncludeEventHandler;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.Context;
import org.apache.velocity.runtime.Renderable;
import org.jspecify.annotations.Nullable;

/**
 * Velocity events the sandbox answers: every reference written to the output or into an interpolated string
 * ({@code "$a$a"}) is turned into text here, within the budget; and every {@code #include}/{@code #parse} is
 * refused, in case one ever got past parse-time validation.
 */
final class SandboxEvents implements ReferenceInsertionEventHandler, IncludeEventHandler {

	/**
	 * Renders a reference: a null one as the empty string (as AWS renders an undefined {@code $stageVariables.x}),
	 * collections in Java's format, everything charged to the render's budget.
	 */
	@Override
	public Object referenceInsert(Context context, String reference, @Nullable Object value) {
		RenderBudget budget = RenderBudget.current();
		budget.checkDeadline();
		if (value == null || value instanceof Renderable) {
			// Renderables (#define blocks, macro bodies) are refused at parse time; never render one lazily here.
			return "";
		}
		if (value instanceof String text) {
			budget.charge(text.length());
			return text;
		}
		if (value instanceof TemplateValues.Weighed) {
			// stringify charges as it builds.
			return TemplateValues.stringify(value);
		}
		String text = String.valueOf(value);
		budget.charge(text.length());
		return text;
	}

	@Override
	public @Nullable String includeEvent(Context context, String includeResourcePath, String currentResourcePath,
			String directiveName) {
		return null;
	}

}
