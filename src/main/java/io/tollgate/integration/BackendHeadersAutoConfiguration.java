package io.tollgate.integration;

import java.util.List;

import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.cloud.gateway.config.GatewayAutoConfiguration;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.context.annotation.Bean;

/**
 * Spring Cloud Gateway's routing filter with Tollgate's header filters as its only ones: the headers an
 * {@code HTTP_PROXY} backend gets ({@link HttpProxyRequestHeaders}) and those it answers
 * ({@link HttpProxyResponseHeaders}). Spring Cloud Gateway's own routing filter is switched off
 * ({@code global-filter.netty-routing.enabled: false}): it runs every {@link HttpHeadersFilter} bean, of which
 * three (hop-by-hop, {@code X-Forwarded-*}, {@code Forwarded}) each copy every request header and one every
 * response header, on every call; Tollgate's two drop the same headers with one copy (its hop-by-hop list is
 * still the one {@code filter.remove-hop-by-hop.headers} configures). Switched off with it, and so declared here
 * again, is the filter that writes the backend's response.
 */
@AutoConfiguration(after = GatewayAutoConfiguration.class)
public class BackendHeadersAutoConfiguration {

	@Bean
	NettyRoutingFilter tollgateRoutingFilter(HttpClient gatewayHttpClient, HttpClientProperties properties,
			RemoveHopByHopHeadersFilter removeHopByHop) {
		HopByHopHeaders hopByHop = new HopByHopHeaders(removeHopByHop.getHeaders());
		List<HttpHeadersFilter> filters = List.of(new HttpProxyRequestHeaders(hopByHop),
				new HttpProxyResponseHeaders(hopByHop));
		ObjectProvider<List<HttpHeadersFilter>> headerFilters = new ObjectProvider<>() {
			@Override
			public List<HttpHeadersFilter> getObject() {
				return filters;
			}
		};
		return new NettyRoutingFilter(gatewayHttpClient, headerFilters, properties);
	}

	/**
	 * The filter that writes the backend's response, which Spring Cloud Gateway declares only with its routing
	 * filter; as Spring Cloud Gateway declares it (its header filters are asked for trailer filters only).
	 */
	@Bean
	NettyWriteResponseFilter tollgateWriteResponseFilter(GatewayProperties properties,
			ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
		return new NettyWriteResponseFilter(properties.getStreamingMediaTypes(), headersFilters);
	}

}
