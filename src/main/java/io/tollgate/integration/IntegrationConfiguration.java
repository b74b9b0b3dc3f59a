package io.tollgate.integration;

import io.tollgate.function.FunctionInvoker;
import io.tollgate.mapping.MappingTemplateEngine;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the integration step: MOCK, HTTP and HTTP_PROXY backends, Lambda functions (AWS, AWS_PROXY) through the
 * {@link FunctionInvoker}, and HTTP backends called on Spring Cloud Gateway's own {@link HttpClient}, so that every
 * HTTP integration shares one connection pool.
 */
@Configuration(proxyBeanMethods = false)
public class IntegrationConfiguration {

	@Bean
	IntegrationFilterFactory integrationFilterFactory(MappingTemplateEngine templates,
			ObjectProvider<FunctionInvoker> functionInvoker, HttpClient gatewayHttpClient) {
		return new IntegrationFilterFactory(templates, functionInvoker, gatewayHttpClient);
	}

	@Bean
	HttpHeadersFilter httpProxyRequestHeaders() {
		return new HttpProxyRequestHeaders();
	}

}
