package io.tollgate.integration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.cloud.gateway.config.GatewayAutoConfiguration;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;

/**
 * The headers API Gateway adds to an {@code HTTP_PROXY} backend's request ({@link HttpProxyRequestHeaders}), added
 * after every header filter of Spring Cloud Gateway's. Its gRPC filter has the same (lowest) precedence and copies
 * whatever headers it is given; between filters of equal order the one registered first runs first, so this filter
 * is declared in an auto-configuration after Spring Cloud Gateway's rather than with the other integration beans,
 * which would have the gRPC filter copy these five headers again on every request.
 */
@AutoConfiguration(after = GatewayAutoConfiguration.class)
public class BackendHeadersAutoConfiguration {

	@Bean
	HttpHeadersFilter httpProxyRequestHeaders() {
		return new HttpProxyRequestHeaders();
	}

}
