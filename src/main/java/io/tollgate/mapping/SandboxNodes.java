package io.tollgate.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.IntPredicate;

import org.apache.velocity.context.InternalContextAdapter;
import org.apache.velocity.runtime.parser.node.ASTAddNode;
import org.apache.velocity.runtime.parser.node.ASTDivNode;
import org.apache.velocity.runtime.parser.node.ASTEQNode;
import org.apache.velocity.runtime.parser.node.ASTGENode;
import org.apache.velocity.runtime.parser.node.ASTGTNode;
import org.apache.velocity.runtime.parser.node.ASTIntegerRange;
import org.apache.velocity.runtime.parser.node.ASTLENode;
import org.apache.velocity.runtime.parser.node.ASTLTNode;
import org.apache.velocity.runtime.parser.node.ASTMap;
import org.apache.velocity.runtime.parser.node.ASTModNode;
import org.apache.velocity.runtime.parser.node.ASTMulNode;
import org.apache.velocity.runtime.parser.node.ASTNENode;
import org.apache.velocity.runtime.parser.node.ASTObjectArray;
import org.apache.velocity.runtime.parser.node.ASTSubtractNode;
import org.apache.velocity.runtime.parser.node.MathUtils;
import org.apache.velocity.runtime.parser.node.Node;
import org.apache.velocity.runtime.parser.node.SimpleNode;
import org.apache.velocity.runtime.parser.node.StandardParserTreeConstants;
import org.apache.velocity.util.DuckType;
import org.jspecify.annotations.Nullable;

import io.tollgate.mapping.TemplateValues.TemplateRange;

/**
 * Replacements for the Velocity AST nodes that can allocate or compute without bound and that no Velocity hook
 * reaches: string {@code +}, arithmetic that widens to {@code BigInteger}/{@code BigDecimal}, numeric coercion of
 * long strings in comparisons (quadratic {@code BigDecimal} parsing), and list, map and range literals. Each keeps
 * Velocity's semantics inside the render's budget. {@link SandboxRuntime} swaps them in right after parsing.
 */
final class SandboxNodes {

	/** Strings longer than this are not coerced to numbers (Velocity would parse them as {@code BigDecimal}). */
	private static final int MAX_NUMBER_TEXT = 100;

	/** Magnitude of numbers arithmetic may take or produce, in bits or decimal digits. */
	private static final int MAX_NUMBER_SIZE = 1024;

	private SandboxNodes() {
	}

	/**
	 * Replaces, in place, every node of {@code root}'s tree that has a sandboxed counterpart.
	 */
	static void replaceUnbounded(Node root) {
		for (int i = 0; i < root.jjtGetNumChildren(); i++) {
			Node child = root.jjtGetChild(i);
			replaceUnbounded(child);
			SimpleNode replacement = replacementFor((SimpleNode) child);
			if (replacement != null) {
				((SimpleNode) root).jjtAddChild(replacement, i);
			}
		}
	}

	private static @Nullable SimpleNode replacementFor(SimpleNode node) {
		Class<?> type = node.getClass();
		if (type == ASTAddNode.class) {
			return new Add(node);
		}
		if (type == ASTSubtractNode.class) {
			return new Subtract(node);
		}
		if (type == ASTMulNode.class) {
			return new Multiply(node);
		}
		if (type == ASTDivNode.class) {
			return new Divide(node);
		}
		if (type == ASTModNode.class) {
			return new Modulo(node);
		}
		if (type == ASTEQNode.class) {
			return new Equal(node);
		}
		if (type == ASTNENode.class) {
			return new NotEqual(node);
		}
		if (type == ASTLTNode.class) {
			return new LessThan(node);
		}
		if (type == ASTGTNode.class) {
			return new GreaterThan(node);
		}
		if (type == ASTLENode.class) {
			return new LessOrEqual(node);
		}
		if (type == ASTGENode.class) {
			return new GreaterOrEqual(node);
		}
		if (type == ASTIntegerRange.class) {
			return new Range(node);
		}
		if (type == ASTObjectArray.class) {
			return new ListLiteral(node);
		}
		if (type == ASTMap.class) {
			return new MapLiteral(node);
		}
		return null;
	}

	/**
	 * Velocity's number coercion, except that long strings and huge numbers are not numbers (so comparisons fall
	 * back to string equality and arithmetic yields null, as for any other non-number).
	 */
	static @Nullable Number number(@Nullable Object value) {
		Number number;
		if (value instanceof Number given) {
			number = given;
		}
		else if (value instanceof CharSequence text && text.length() <= MAX_NUMBER_TEXT) {
			try {
				number = DuckType.asNumber(text.toString());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		else {
			return null;
		}
		return isModest(number) ? number : null;
	}

	private static boolean isModest(@Nullable Number number) {
		if (number instanceof BigInteger integer) {
			return integer.bitLength() <= MAX_NUMBER_SIZE;
		}
		if (number instanceof BigDecimal decimal) {
			return decimal.precision() <= MAX_NUMBER_SIZE && Math.abs(decimal.scale()) <= MAX_NUMBER_SIZE;
		}
		return true;
	}

	private static @Nullable Object arithmetic(SimpleNode node, InternalContextAdapter context,
			@Nullable BinaryOperator<@Nullable Object> special, BinaryOperator<Number> operation) {
		RenderBudget.current().checkDeadline();
		Object left = node.jjtGetChild(0).value(context);
		Object right = node.jjtGetChild(1).value(context);
		if (special != null) {
			Object result = special.apply(left, right);
			if (result != null) {
				return result;
			}
		}
		Number leftNumber = number(left);
		Number rightNumber = number(right);
		if (leftNumber == null || rightNumber == null) {
			// Velocity's non-strict math: a non-number operand makes the whole expression null.
			return null;
		}
		Number result = operation.apply(leftNumber, rightNumber);
		if (!isModest(result)) {
			throw new MappingTemplateException("Mapping template arithmetic result is too large (line "
					+ node.getLine() + ", column " + node.getColumn() + ")");
		}
		return result;
	}

	private static @Nullable Boolean compareNumbers(@Nullable Object left, @Nullable Object right,
			IntPredicate test) {
		Number leftNumber = number(left);
		Number rightNumber = number(right);
		if (leftNumber == null || rightNumber == null) {
			return null;
		}
		return test.test(MathUtils.compare(leftNumber, rightNumber));
	}

	/**
	 * Makes {@code replacement} take {@code original}'s place: same first token (for literals and error positions)
	 * and same children. Constructors set the template and last token, which are protected fields.
	 */
	private static void takeOver(SimpleNode original, SimpleNode replacement) {
		replacement.setFirstToken(original.getFirstToken());
		replacement.setInfo(original.getInfo());
		replacement.jjtSetParent(original.jjtGetParent());
		for (int i = 0; i < original.jjtGetNumChildren(); i++) {
			Node child = original.jjtGetChild(i);
			replacement.jjtAddChild(child, i);
			child.jjtSetParent(replacement);
		}
	}

	static final class Add extends ASTAddNode {

		Add(SimpleNode original) {
			super(original.getParser(), StandardParserTreeConstants.JJTADDNODE);
			this.template = original.getTemplate();
			this.last = original.getLastToken();
			takeOver(original, this);
		}

		@Override
		public @Nullable Object value(InternalContextAdapter context) {
			return arithmetic(this, context, this::concatenate, (left, right) -> super.perform(left, right, context));
		}

		private @Nullable Object concatenate(@Nullable Object left, @Nullable Object right) {
			if (!(left instanceof CharSequence) && !(right instanceof CharSequence)) {
				return null;
			}
			// As Velocity: a null operand contributes its literal text ("$missing").
			String leftText = (left != null) ? TemplateValues.stringify(left) : jjtGetChild(0).literal();
			String rightText = (right != null) ? TemplateValues.stringify(right) : jjtGetChild(1).literal();
			RenderBudget.current().charge((long) leftText.length() + rightText.length());
			return leftText.concat(rightText);
		}

	}

	static final class Subtract extends ASTSubtractNode {

		Subtract(SimpleNode original) {
			super(original.getParser(), StandardParserTreeConstants.JJTSUBTRACTNODE);
			this.template = original.getTemplate();
			this.last = original.getLastToken();
			takeOver(original, this);
		}

		@Override
		public @Nullable Object value(InternalContextAdapter context) {
			return arithmetic(this, context, null, (left, right) -> super.perform(left, right, context));
		}

	}

	static final class Multiply extends ASTMulNode {

		Multiply(SimpleNode original) {
			super(original.getParser(), StandardParserTreeConstants.JJTMULNODE);
			this.template = original.getTemplate();
			this.last = original.getLastToken();
			takeOver(original, this);
		}

		@Override
		public @Nullable Object value(InternalContextAdapter context) {
			return arithmetic(this, context, null, (left, right) -> super.perform(left, right, context));
		}

	}

	static final class Divide extends ASTDivNode {

		Divide(SimpleNode original) {
			super(original.getParser(), StandardParserTreeConstants.JJTDIVNODE);
			this.template = original.getTemplate();
			this.last = original.getLastToken();
			takeOver(original, this);
		}

		@Override
		public @Nullable Object value(InternalContextAdapter context) {
			return arithmetic(this, context, null, (left, right) -> super.perform(left, right, context));
		}

	}

	static final class Modulo extends ASTModNode {

		Modulo(SimpleNode original) {
			super(original.getParser(), StandardParserTreeConstants.JJTMODNODE);
			this.template = original.getTemplate();
			this.last = original.getLastToken();
			takeOver(original, this);
		}

		@Override
		public @Nullable Object value(InternalContextAdapter context) {
			return arithmetic(this, context, null, (left, right) -> super.perform(left, right, context));
		}

	}

	/** AWS's VTL: {@code null} equals the empty string ({@code $input.params('absent') == $null}). */
	static boolean nullEquals(@Nullable Object left, @Nullable Object right) {
		Object other = (left != null) ? left : right;
		return other == null || (other instanceof CharSequence text && text.isEmpty());
	}

	static final class Equal extends ASTEQNode {

		Equal(SimpleNode original) {
			super(original.getParser(), StandardParserTreeConstants.JJTEQNODE);
			this.template = original.getTemplate();
			this.last = original.getLastToken();
			takeOver(original, this);
		}

		@Override
		public boolean compareNull(@Nullable Object left, @Nullable Object right) {
			return SandboxNodes.nullEquals(left, right);
		}

		@Override
		public @Nullable Boolean compareNumbers(@Nullable Object left, @Nullable Object right) {
			return SandboxNodes.compareNumbers(left, right, this::numberTest);
		}

	}

	static final class NotEqual extends ASTNENode {

		NotEqual(SimpleNode original) {
			super(original.getParser(), StandardParserTreeConstants.JJTNENODE);
			this.template = original.getTemplate();
			this.last = original.getLastToken();
			takeOver(original, this);
		}

		@Override
		public boolean compareNull(@Nullable Object left, @Nullable Object right) {
			return SandboxNodes.nullEquals(left, right);
		}

		@Override
		public @Nullable Boolean compareNumbers(@Nullable Object left, @Nullable Object right) {
			return SandboxNodes.compareNumbers(left, right, this::numberTest);
		}

	}

	static final class LessThan extends ASTLTNode {

		LessThan(SimpleNode original) {
			super(original.getParser(), StandardParserTreeConstants.JJTLTNODE);
			this.template = original.getTemplate();
			this.last = original.getLastToken();
			takeOver(original, this);
		}

		@Override
		public @Nullable Boolean compareNumbers(@Nullable Object left, @Nullable Object right) {
			return SandboxNodes.compareNumbers(left, right, this::numberTest);
		}

	}

	static final class GreaterThan extends ASTGTNode {

		GreaterThan(SimpleNode original) {
			super(original.getParser(), StandardParserTreeConstants.JJTGTNODE);
			this.template = original.getTemplate();
			this.last = original.getLastToken();
			takeOver(original, this);
		}

		@Override
		public @Nullable Boolean compareNumbers(@Nullable Object left, @Nullable Object right) {
			return SandboxNodes.compareNumbers(left, right, this::numberTest);
		}

	}

	static final class LessOrEqual extends ASTLENode {

		LessOrEqual(SimpleNode original) {
			super(original.getParser(), StandardParserTreeConstants.JJTLENODE);
			this.template = original.getTemplate();
			this.last = original.getLastToken();
			takeOver(original, this);
		}

		@Override
		public @Nullable Boolean compareNumbers(@Nullable Object left, @Nullable Object right) {
			return SandboxNodes.compareNumbers(left, right, this::numberTest);
		}

	}

	static final class GreaterOrEqual extends ASTGENode {

		GreaterOrEqual(SimpleNode original) {
			super(original.getParser(), StandardParserTreeConstants.JJTGENODE);
			this.template = original.getTemplate();
			this.last = original.getLastToken();
			takeOver(original, this);
		}

		@Override
		public @Nullable Boolean compareNumbers(@Nullable Object left, @Nullable Object right) {
			return SandboxNodes.compareNumbers(left, right, this::numberTest);
		}

	}

	static final class Range extends ASTIntegerRange {

		Range(SimpleNode original) {
			super(original.getParser(), StandardParserTreeConstants.JJTINTEGERRANGE);
			this.template = original.getTemplate();
			this.last = original.getLastToken();
			takeOver(original, this);
		}

		@Override
		public @Nullable Object value(InternalContextAdapter context) {
			RenderBudget.current().checkDeadline();
			Number first = number(jjtGetChild(0).value(context));
			Number last = number(jjtGetChild(1).value(context));
			if (first == null || last == null) {
				// Velocity logs and yields null for a range over non-numbers; #foreach then skips.
				return null;
			}
			return new TemplateRange(first.intValue(), last.intValue());
		}

	}

	static final class ListLiteral extends ASTObjectArray {

		ListLiteral(SimpleNode original) {
			super(original.getParser(), StandardParserTreeConstants.JJTOBJECTARRAY);
			this.template = original.getTemplate();
			this.last = original.getLastToken();
			takeOver(original, this);
		}

		@Override
		public Object value(InternalContextAdapter context) {
			RenderBudget.current().checkDeadline();
			List<@Nullable Object> elements = new ArrayList<>(jjtGetNumChildren());
			for (int i = 0; i < jjtGetNumChildren(); i++) {
				elements.add(jjtGetChild(i).value(context));
			}
			return TemplateValues.list(elements);
		}

	}

	static final class MapLiteral extends ASTMap {

		MapLiteral(SimpleNode original) {
			super(original.getParser(), StandardParserTreeConstants.JJTMAP);
			this.template = original.getTemplate();
			this.last = original.getLastToken();
			takeOver(original, this);
		}

		@Override
		public Object value(InternalContextAdapter context) {
			RenderBudget.current().checkDeadline();
			Map<Object, @Nullable Object> entries = new LinkedHashMap<>();
			for (int i = 0; i + 1 < jjtGetNumChildren(); i += 2) {
				Object key = jjtGetChild(i).value(context);
				if (key != null) {
					entries.put(key, jjtGetChild(i + 1).value(context));
				}
			}
			return TemplateValues.map(entries);
		}

	}

}
