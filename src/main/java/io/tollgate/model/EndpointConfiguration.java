package io.tollgate.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** The endpoint types of a REST API ({@code EDGE}, {@code REGIONAL} or {@code PRIVATE}). */
public record EndpointConfiguration(List<String> types, List<String> vpcEndpointIds) {

	public EndpointConfiguration(@Nullable List<String> types, @Nullable List<String> vpcEndpointIds) {
		this.types = Immutables.list(types);
		this.vpcEndpointIds = Immutables.list(vpcEndpointIds);
	}

	public static EndpointConfiguration regional() {
		return new EndpointConfiguration(List.of("REGIONAL"), List.of());
	}

}
