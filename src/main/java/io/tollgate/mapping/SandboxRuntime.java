package io.tollgate.mapping;

import java.io.Reader;
import java.io.StringReader;
import java.util.Set;

import org.apache.velocity.Template;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;
import org.apache.velocity.runtime.parser.Token;
import org.apache.velocity.runtime.parser.node.ASTDirective;
import org.apache.velocity.runtime.parser.node.Node;
import org.apache.velocity.runtime.parser.node.SimpleNode;
import org.apache.velocity.runtime.resource.loader.StringResourceLoader;
import org.slf4j.helpers.NOPLogger;

/**
 * A Velocity runtime configured for untrusted templates, and the one place every piece of template text is parsed
 * (the template itself and, at initialisation, each interpolated string literal inside it). After parsing it
 * refuses directives that reach outside the template or evaluate text as a template, and swaps in the bounded AST
 * nodes of {@link SandboxNodes}.
 */
final class SandboxRuntime extends RuntimeInstance {

	/**
	 * {@code #include}/{@code #parse} read resources; {@code #evaluate} turns data into template code;
	 * {@code #define} makes lazily rendered blocks whose string form no budget can see.
	 */
	private static final Set<String> FORBIDDEN_DIRECTIVES = Set.of("include", "parse", "evaluate", "define");

	/** Directives allowed inside an interpolated string literal, whose output no writer bound reaches. */
	private static final Set<String> LITERAL_DIRECTIVES = Set.of("break", "stop");

	/** Macros may call macros, but only this deep (Velocity's default is 20). */
	static final int MAX_MACRO_DEPTH = 5;

	SandboxRuntime(TemplateLimits limits) {
		setProperty(RuntimeConstants.RUNTIME_LOG_INSTANCE, NOPLogger.NOP_LOGGER);
		setProperty(RuntimeConstants.RUNTIME_LOG_REFERENCE_LOG_INVALID, false);
		setProperty(RuntimeConstants.RESOURCE_LOADERS, "string");
		setProperty("resource.loader.string.class", StringResourceLoader.class.getName());
		// An instance repository, empty forever: no other code can slip a named template in.
		setProperty("resource.loader.string." + StringResourceLoader.REPOSITORY_STATIC, false);
		setProperty(RuntimeConstants.UBERSPECT_CLASSNAME, AllowlistUberspector.class.getName());
		setProperty(RuntimeConstants.MAX_NUMBER_LOOPS, limits.maxForeachLoops());
		setProperty(RuntimeConstants.VM_MAX_DEPTH, MAX_MACRO_DEPTH);
		// Inline macros belong to the template that defines them; global ones would leak between API authors.
		setProperty(RuntimeConstants.VM_PERM_INLINE_LOCAL, true);
		setProperty(RuntimeConstants.VM_PERM_ALLOW_INLINE_REPLACE_GLOBAL, false);
		setProperty(RuntimeConstants.PARSE_DIRECTIVE_MAXDEPTH, 1);
		setProperty(RuntimeConstants.DEFINE_DIRECTIVE_MAXDEPTH, 1);
		setProperty(RuntimeConstants.IMMUTABLE_RANGES, true);
		setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, false);
		setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
		init();
		FORBIDDEN_DIRECTIVES.forEach(this::removeDirective);
		SandboxEvents events = new SandboxEvents();
		getApplicationEventCartridge().addEventHandler(events);
	}

	/**
	 * Parses and initialises a template's text.
	 */
	Template compile(String text) throws ParseException {
		Template template = new Template();
		template.setName("mapping-template");
		template.setRuntimeServices(this);
		template.setData(parse(new TemplateText(text), template));
		template.initDocument();
		return template;
	}

	@Override
	public SimpleNode parse(Reader reader, Template template) throws ParseException {
		SimpleNode root = super.parse(reader, template);
		// Anything not handed in by compile() is an interpolated string literal being initialised.
		check(root, !(reader instanceof TemplateText));
		SandboxNodes.replaceUnbounded(root);
		return root;
	}

	private static void check(Node node, boolean literal) {
		if (node instanceof ASTDirective directive) {
			String name = directive.getDirectiveName();
			if (FORBIDDEN_DIRECTIVES.contains(name)) {
				throw new MappingTemplateException("Mapping template uses #" + name + ", which is not allowed"
						+ at(directive));
			}
			if (name.startsWith("@")) {
				throw new MappingTemplateException("Mapping template calls a macro with a body, which is not allowed"
						+ at(directive));
			}
			if (literal && !LITERAL_DIRECTIVES.contains(name)) {
				throw new MappingTemplateException("Mapping template string literals cannot contain loops, macros "
						+ "or macro calls" + at(directive));
			}
		}
		for (int i = 0; i < node.jjtGetNumChildren(); i++) {
			check(node.jjtGetChild(i), literal);
		}
	}

	private static String at(Node node) {
		// Before init() a node has only its tokens; line and column are filled in later.
		Token token = node.getFirstToken();
		return (token != null) ? " (line " + token.beginLine + ", column " + token.beginColumn + ")" : "";
	}

	/** Marks the reader of a whole template, as opposed to a string literal's. */
	private static final class TemplateText extends StringReader {

		TemplateText(String text) {
			super(text);
		}

	}

}
