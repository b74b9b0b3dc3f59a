package io.tollgate.mapping;

import java.time.Duration;

import io.tollgate.model.Integration;

import org.springframework.util.Assert;

/**
 * Bounds on one mapping template and one render of it.
 *
 * <p>Besides the output bound, a render may create at most {@code 4 * maxOutputBytes} characters of intermediate
 * strings and collections (string interpolation, concatenation, {@code $util} results, parsed JSON other than the
 * request body), and no single value may be larger than that.
 *
 * @param maxTemplateBytes UTF-8 size of the template text, refused before parsing (AWS: 300 KB)
 * @param maxOutputBytes UTF-8 size of the rendered output
 * @param maxRenderTime wall-clock time of one render, parsing included
 * @param maxForeachLoops iterations of one {@code #foreach}; further items are skipped silently, as Velocity does
 * (AWS: 1,000)
 */
public record TemplateLimits(int maxTemplateBytes, int maxOutputBytes, Duration maxRenderTime, int maxForeachLoops) {

	private static final TemplateLimits DEFAULTS = new TemplateLimits(Integration.MAX_TEMPLATE_BYTES, 10 * 1024 * 1024,
			Duration.ofSeconds(2), 1000);

	public TemplateLimits {
		Assert.isTrue(maxTemplateBytes > 0, "maxTemplateBytes must be positive");
		Assert.isTrue(maxOutputBytes > 0, "maxOutputBytes must be positive");
		Assert.notNull(maxRenderTime, "maxRenderTime must not be null");
		Assert.isTrue(!maxRenderTime.isNegative() && !maxRenderTime.isZero(), "maxRenderTime must be positive");
		Assert.isTrue(maxForeachLoops > 0, "maxForeachLoops must be positive");
	}

	/**
	 * AWS's template size and loop limits, a 10 MB output (AWS's payload limit) and two seconds of rendering.
	 */
	public static TemplateLimits defaults() {
		return DEFAULTS;
	}

	long scratchBudget() {
		return 4L * this.maxOutputBytes;
	}

}
