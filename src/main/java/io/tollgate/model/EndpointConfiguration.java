package io.tollgate.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The endpoint types of a REST API ({@code EDGE}, {@code REGIONAL} or {@code PRIVATE}) and the IP addresses its
 * endpoint answers on ({@code ipv4} or {@code dualstack}; private APIs are dualstack only).
 */
public record EndpointConfiguration(List<String> types, List<String> vpcEndpointIds, String ipAddressType) {

	public static final String IPV4 = "ipv4";

	public static final String DUALSTACK = "dualstack";

	public static final String PRIVATE = "PRIVATE";

	/** The endpoint types, in the order AWS's validation lists them. */
	public static final List<String> TYPES = List.of(PRIVATE, "EDGE", "REGIONAL");

	/** The IP address types, in the order AWS's validation lists them. */
	public static final List<String> IP_ADDRESS_TYPES = List.of(IPV4, DUALSTACK);

	public EndpointConfiguration(@Nullable List<String> types, @Nullable List<String> vpcEndpointIds) {
		this(types, vpcEndpointIds, null);
	}

	public EndpointConfiguration(@Nullable List<String> types, @Nullable List<String> vpcEndpointIds,
			@Nullable String ipAddressType) {
		this.types = Immutables.list(types);
		this.vpcEndpointIds = Immutables.list(vpcEndpointIds);
		// AWS's default: dualstack for private APIs, IPv4 for the others.
		this.ipAddressType = (ipAddressType != null) ? ipAddressType
				: this.types.contains(PRIVATE) ? DUALSTACK : IPV4;
	}

	public static EndpointConfiguration edge() {
		return new EndpointConfiguration(List.of("EDGE"), List.of());
	}

	public static EndpointConfiguration regional() {
		return new EndpointConfiguration(List.of("REGIONAL"), List.of());
	}

}
