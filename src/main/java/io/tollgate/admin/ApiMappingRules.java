package io.tollgate.admin;

import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.tollgate.admin.ApiMappingTargets.MappedApi;
import io.tollgate.domain.DomainStore;
import io.tollgate.model.ApiMapping;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.DomainName;
import io.tollgate.model.DomainNames;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * What a custom domain's API mappings must keep across APIs (aws-behavior-v2 §C.2): a WebSocket API shares a domain
 * only with WebSocket APIs, is mapped only through the v2 API, and its mapping key has no {@code /}. The APIs of a
 * domain's other mappings are looked up before a mapping is stored; when a mapping to an API not looked up appeared
 * meanwhile (another call, on any replica), the check runs again, so concurrent calls cannot mix a domain.
 */
public final class ApiMappingRules {

	/**
	 * AWS's answer to a mapping that would mix WebSocket APIs with REST or HTTP APIs, or map a WebSocket API through
	 * v1 (as CloudFormation relays it for {@code AWS::ApiGateway::BasePathMapping}).
	 */
	static final String WEBSOCKET_DOMAIN = "Mixing of REST APIs and HTTP APIs on the same domain name can only be "
			+ "accomplished through API Gateway's V2 DomainName interface. Currently, WebSocket APIs can only be "
			+ "attached to a domain name with other WebSocket APIs. This must also occur through API Gateway's V2 "
			+ "DomainName interface.";

	/** AWS's answer to a mapping key outside the characters WebSocket API mappings allow (no {@code /}). */
	static final String WEBSOCKET_KEY = "An ApiMapping key may contain only letters, numbers and one of $-_.+!*'()";

	private final DomainStore domains;

	private final ApiMappingTargets targets;

	public ApiMappingRules(DomainStore domains, ApiMappingTargets targets) {
		this.domains = domains;
		this.targets = targets;
	}

	/**
	 * Stores {@code change}, which adds {@code mapping} to the domain {@code domainName} (or replaces the mapping with
	 * its id), once the mapping keeps the rules with the domain's other mappings.
	 * @param api the API the mapping points at
	 * @param v2 whether the call came through the v2 API ({@code /v2/domainnames})
	 */
	public Mono<DomainNames> store(String domainName, ApiMapping mapping, MappedApi api, boolean v2,
			UnaryOperator<DomainNames> change) {
		if (api.webSocket() && !v2) {
			return Mono.error(ApiModelException.badRequest(WEBSOCKET_DOMAIN));
		}
		if (api.webSocket() && mapping.apiMappingKey().indexOf('/') >= 0) {
			return Mono.error(ApiModelException.badRequest(WEBSOCKET_KEY));
		}
		return Mono.defer(() -> this.domains.load().flatMap((all) -> {
			Set<String> looked = otherApiIds(all.require(domainName), mapping);
			return this.targets.findAll(looked).flatMap((found) -> this.domains.update((current) -> {
				requireCompatible(current.require(domainName), mapping, api, looked, found);
				return change.apply(current);
			}));
		})).retryWhen(Retry.max(16).filter(UnknownApis.class::isInstance));
	}

	private static Set<String> otherApiIds(DomainName domain, ApiMapping mapping) {
		return domain.apiMappings()
			.stream()
			.filter((other) -> !other.apiMappingId().equals(mapping.apiMappingId()))
			.map(ApiMapping::apiId)
			.collect(Collectors.toSet());
	}

	private static void requireCompatible(DomainName domain, ApiMapping mapping, MappedApi api, Set<String> looked,
			Map<String, MappedApi> found) {
		for (ApiMapping other : domain.apiMappings()) {
			if (other.apiMappingId().equals(mapping.apiMappingId())) {
				continue;
			}
			if (!looked.contains(other.apiId())) {
				throw new UnknownApis();
			}
			MappedApi otherApi = found.get(other.apiId());
			// A mapping to a deleted API serves nothing and constrains nothing.
			if (otherApi != null && otherApi.webSocket() != api.webSocket()) {
				throw ApiModelException.badRequest(WEBSOCKET_DOMAIN);
			}
		}
	}

	/** A mapping to an API not looked up was stored meanwhile: look again. */
	private static final class UnknownApis extends RuntimeException {

		UnknownApis() {
			super(null, null, false, false);
		}

	}

}
