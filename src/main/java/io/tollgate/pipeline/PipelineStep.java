package io.tollgate.pipeline;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.core.Ordered;

/**
 * A filter of a method's route: one step of the pipeline, ordered by a {@link PipelineOrder} constant, saying
 * whether TestInvokeMethod runs it.
 */
public interface PipelineStep extends GatewayFilter, Ordered {

	/**
	 * Whether TestInvokeMethod runs this step. As the console's test on AWS, it runs request validation and the
	 * integration with its mapping, and skips authorization, API keys, throttling, the cache, compression, metrics
	 * and access logs.
	 */
	boolean runsInTestInvoke();

}
