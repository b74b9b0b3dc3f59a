package io.tollgate.mapping;

import org.jspecify.annotations.Nullable;

/**
 * The limits of the render running on this thread. Velocity gives its extension points (uberspector, AST nodes,
 * JSONPath provider) no per-render handle, so the budget is bound to the rendering thread for the duration of one
 * {@code render} call; rendering never hops threads.
 */
final class RenderBudget {

	/** What one element adds to a value's weight besides its characters: about what it adds to the string form. */
	static final int NODE_WEIGHT = 4;

	/** Nesting depth of template-made or parsed values; deeper values would overflow recursive toString/equals. */
	static final int MAX_DEPTH = 256;

	private static final ThreadLocal<@Nullable RenderBudget> CURRENT = new ThreadLocal<>();

	private final long deadline;

	private final long scratchLimit;

	private long scratchUsed;

	private int checks;

	RenderBudget(TemplateLimits limits) {
		this.deadline = System.nanoTime() + limits.maxRenderTime().toNanos();
		this.scratchLimit = limits.scratchBudget();
	}

	static RenderBudget current() {
		RenderBudget budget = CURRENT.get();
		if (budget == null) {
			// Only reachable if sandbox code runs outside render(), which would be a bug, never a template's doing.
			throw new IllegalStateException("No mapping template render in progress on this thread");
		}
		return budget;
	}

	@Nullable RenderBudget bind() {
		RenderBudget previous = CURRENT.get();
		CURRENT.set(this);
		return previous;
	}

	static void restore(@Nullable RenderBudget previous) {
		if (previous != null) {
			CURRENT.set(previous);
		}
		else {
			CURRENT.remove();
		}
	}

	/**
	 * Fails the render once its time is up. Called from every loop step, method call, context access and write.
	 */
	void checkDeadline() {
		if (System.nanoTime() - this.deadline > 0) {
			throw new MappingTemplateException("Mapping template exceeded its render time limit");
		}
	}

	/**
	 * A cheaper deadline check for very hot paths (regular expression steps, JSONPath node visits).
	 */
	void tick() {
		if ((++this.checks & 0x3FF) == 0) {
			checkDeadline();
		}
	}

	/**
	 * Accounts for a value the template is about to create.
	 */
	void charge(long weight) {
		checkValueWeight(weight);
		this.scratchUsed += weight;
		if (this.scratchUsed > this.scratchLimit) {
			throw new MappingTemplateException("Mapping template created more intermediate data than allowed");
		}
		checkDeadline();
	}

	/**
	 * Refuses a single value larger than the whole scratch budget, whether or not it is charged (lazy ranges and
	 * shared sub-structures cost nothing to make but their toString and equals cost their full size).
	 */
	void checkValueWeight(long weight) {
		if (weight > this.scratchLimit || weight < 0) {
			throw new MappingTemplateException("Mapping template built a value larger than allowed");
		}
	}

	long remainingScratch() {
		return Math.max(0, this.scratchLimit - this.scratchUsed);
	}

}
