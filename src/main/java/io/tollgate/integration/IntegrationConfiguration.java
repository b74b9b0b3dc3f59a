package io.tollgate.integration;

import io.netty.channel.ChannelOption;
import io.tollgate.function.FunctionInvoker;
import io.tollgate.mapping.MappingTemplateEngine;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the integration step: MOCK, HTTP and HTTP_PROXY backends, Lambda functions (AWS, AWS_PROXY) through the
 * {@link FunctionInvoker}, and HTTP backends called on Spring Cloud Gateway's own {@link HttpClient}, so that every
 * HTTP integration shares one connection pool.
 */
@Configuration(proxyBeanMethods = false)
public class IntegrationConfiguration {

	/** How long opening a backend connection may take (Netty's own default is 30 s). */
	static final int BACKEND_CONNECT_TIMEOUT_MILLIS = 10_000;

	@Bean
	IntegrationFilterFactory integrationFilterFactory(MappingTemplateEngine templates,
			ObjectProvider<FunctionInvoker> functionInvoker, HttpClient gatewayHttpClient) {
		return new IntegrationFilterFactory(templates, functionInvoker, gatewayHttpClient);
	}

	/**
	 * The backend connect timeout, set on the client once. Spring Cloud Gateway's
	 * {@code httpclient.connect-timeout} property would set it too, but its routing filter then copies the client's
	 * whole configuration on every request to apply it again; a user who sets the property still gets it that way.
	 */
	@Bean
	HttpClientCustomizer backendConnectTimeout(HttpClientProperties properties) {
		return (client) -> (properties.getConnectTimeout() != null) ? client
				: client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, BACKEND_CONNECT_TIMEOUT_MILLIS);
	}

}
