package io.tollgate.mapping;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.exception.MacroOverflowException;
import org.apache.velocity.exception.ParseErrorException;
import org.apache.velocity.exception.TemplateInitException;
import org.apache.velocity.runtime.parser.ParseException;
import org.apache.velocity.runtime.parser.Token;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Renders AWS API Gateway mapping templates (Velocity Template Language with {@code $input}, {@code $util},
 * {@code $context} and {@code $stageVariables}) written by API authors, who must not be able to reach anything
 * but those variables nor use more than their share of the gateway.
 *
 * <p>What the sandbox does, in the order a template meets it:
 * <ul>
 * <li>templates over {@link TemplateLimits#maxTemplateBytes()} are refused before parsing;</li>
 * <li>{@code #include}, {@code #parse}, {@code #evaluate}, {@code #define} and block macro calls are refused at
 * parse time (and the directives are removed from the runtime, the resource loader is an empty string repository,
 * and an include handler refuses everything, should any of that be bypassed); string literals cannot contain loops
 * or macro calls;</li>
 * <li>method calls and property reads go through {@link AllowlistUberspector}: explicit tables, no reflection;</li>
 * <li>loops stop after {@link TemplateLimits#maxForeachLoops()} iterations, macros nest at most
 * {@value SandboxRuntime#MAX_MACRO_DEPTH} deep;</li>
 * <li>the render runs on the caller's thread against a deadline checked at every loop step, method call, variable
 * access, regular-expression step, JSONPath node and write, so a runaway template fails fast and leaves no thread
 * behind;</li>
 * <li>output beyond {@link TemplateLimits#maxOutputBytes()} fails the render at the write that passes it, and
 * intermediate strings and collections are bounded by a scratch budget.</li>
 * </ul>
 *
 * <p>Compiled templates are cached by their text (least recently used first out, bounded by count and total text
 * size). Thread-safe.
 */
public final class MappingTemplateEngine {

	private static final int CACHE_MAX_TEMPLATES = 512;

	private static final long CACHE_MAX_CHARS = 4L * 1024 * 1024;

	private final TemplateLimits limits;

	private final SandboxRuntime runtime;

	private final TemplateCache cache = new TemplateCache();

	public MappingTemplateEngine() {
		this(TemplateLimits.defaults());
	}

	public MappingTemplateEngine(TemplateLimits limits) {
		Assert.notNull(limits, "limits must not be null");
		this.limits = limits;
		this.runtime = new SandboxRuntime(limits);
	}

	/**
	 * Renders an API author's template; never throws anything but {@link MappingTemplateException} (besides
	 * {@code IllegalArgumentException} for null arguments).
	 * @param template the template text
	 * @param variables what the template can see
	 * @return the rendered text
	 */
	public String render(String template, TemplateVariables variables) throws MappingTemplateException {
		return renderWithOverrides(template, variables).output();
	}

	/**
	 * Renders an API author's template and reports the response overrides it set
	 * ({@code #set($context.responseOverride.status = 400)}).
	 * @param template the template text
	 * @param variables what the template can see
	 * @return the rendered text and overrides
	 */
	public RenderedTemplate renderWithOverrides(String template, TemplateVariables variables)
			throws MappingTemplateException {
		return render(template, variables, new ContextOverrides());
	}

	/**
	 * Renders one of a request's templates against the request's overrides, which it may read and change
	 * ({@code #set($context.requestOverride.header.X = ...)}, {@code $context.responseOverride.status}).
	 * @param template the template text
	 * @param variables what the template can see
	 * @param overrides the request's overrides so far
	 * @return the rendered text and the overrides after the render
	 */
	public RenderedTemplate render(String template, TemplateVariables variables, ContextOverrides overrides)
			throws MappingTemplateException {
		Assert.notNull(template, "template must not be null");
		Assert.notNull(variables, "variables must not be null");
		Assert.notNull(overrides, "overrides must not be null");
		if (BoundedOutput.utf8Length(template) > this.limits.maxTemplateBytes()) {
			throw new MappingTemplateException(
					"Mapping template is larger than " + this.limits.maxTemplateBytes() + " bytes");
		}
		RenderBudget budget = new RenderBudget(this.limits);
		RenderBudget previous = budget.bind();
		try {
			Template compiled = compiled(template);
			InputVariable input = new InputVariable(variables.input());
			VelocityContext context = new BudgetedContext(budget);
			context.put("input", input);
			context.put("util", new UtilVariable(input));
			context.put("context", contextVariable(variables.context(), overrides));
			context.put("stageVariables", TemplateValues.adopt(variables.stageVariables()));
			BoundedOutput output = new BoundedOutput(budget, this.limits.maxOutputBytes());
			compiled.merge(context, output);
			return new RenderedTemplate(output.toString(), overrides.responseStatus(), overrides.responseHeaders());
		}
		catch (MappingTemplateException ex) {
			throw ex;
		}
		catch (StackOverflowError ex) {
			throw new MappingTemplateException("Mapping template is nested too deeply");
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
		finally {
			RenderBudget.restore(previous);
		}
	}

	private Template compiled(String text) {
		Template template = this.cache.get(text);
		if (template == null) {
			try {
				template = this.runtime.compile(text);
			}
			catch (ParseException ex) {
				throw new MappingTemplateException("Mapping template has a syntax error" + position(ex), ex);
			}
			this.cache.put(text, template);
		}
		return template;
	}

	private static Object contextVariable(Map<String, Object> context, ContextOverrides overrides) {
		Map<Object, @Nullable Object> variables = new LinkedHashMap<>();
		context.forEach((name, value) -> variables.put(name, TemplateValues.adopt(value)));
		variables.put("requestOverride", overrides.requestOverride());
		variables.put("responseOverride", overrides.responseOverride());
		return TemplateValues.map(variables);
	}

	private static MappingTemplateException translate(RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof MappingTemplateException refusal) {
				return refusal;
			}
			if (cause instanceof MacroOverflowException) {
				return new MappingTemplateException("Mapping template nests macro calls deeper than "
						+ SandboxRuntime.MAX_MACRO_DEPTH, ex);
			}
			if (cause instanceof ParseErrorException parseError) {
				return new MappingTemplateException("Mapping template has a syntax error (line "
						+ parseError.getLineNumber() + ", column " + parseError.getColumnNumber() + ")", ex);
			}
			if (cause instanceof TemplateInitException initError) {
				return new MappingTemplateException("Mapping template has an invalid string literal (line "
						+ initError.getLineNumber() + ", column " + initError.getColumnNumber() + ")", ex);
			}
			if (cause instanceof ParseException parseError) {
				return new MappingTemplateException("Mapping template has a syntax error" + position(parseError), ex);
			}
		}
		return new MappingTemplateException("Mapping template failed to render", ex);
	}

	private static String position(ParseException ex) {
		Token token = ex.currentToken;
		if (token != null && token.next != null) {
			token = token.next;
		}
		return (token != null) ? " (line " + token.beginLine + ", column " + token.beginColumn + ")" : "";
	}

	/** The template's variables; every lookup and assignment is a point where a runaway render is stopped. */
	private static final class BudgetedContext extends VelocityContext {

		private final RenderBudget budget;

		BudgetedContext(RenderBudget budget) {
			this.budget = budget;
		}

		@Override
		public @Nullable Object internalGet(String key) {
			this.budget.checkDeadline();
			return super.internalGet(key);
		}

		@Override
		public @Nullable Object internalPut(String key, @Nullable Object value) {
			this.budget.checkDeadline();
			return super.internalPut(key, value);
		}

	}

	/** Compiled templates by text, least recently used evicted first. */
	private static final class TemplateCache {

		private final LinkedHashMap<String, Template> templates = new LinkedHashMap<>(16, 0.75f, true);

		private long chars;

		synchronized @Nullable Template get(String text) {
			return this.templates.get(text);
		}

		synchronized void put(String text, Template template) {
			if (this.templates.put(text, template) == null) {
				this.chars += text.length();
			}
			Iterator<String> eldest = this.templates.keySet().iterator();
			while ((this.templates.size() > CACHE_MAX_TEMPLATES || this.chars > CACHE_MAX_CHARS)
					&& eldest.hasNext()) {
				String evicted = eldest.next();
				eldest.remove();
				this.chars -= evicted.length();
			}
		}

	}

}
