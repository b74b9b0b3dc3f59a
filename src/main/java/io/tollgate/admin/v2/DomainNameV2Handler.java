package io.tollgate.admin.v2;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.admin.AdminRoutes;
import io.tollgate.admin.ApiMappingRules;
import io.tollgate.admin.ApiMappingTargets;
import io.tollgate.admin.DomainEndpoints;
import io.tollgate.model.ApiMapping;
import io.tollgate.model.DomainName;
import io.tollgate.model.DomainNames;
import io.tollgate.domain.DomainStore;
import io.tollgate.model.MutualTlsAuthentication;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.EndpointConfiguration;
import io.tollgate.model.ModelIds;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The v2 ({@code apigatewayv2}) custom domain operations: CreateDomainName, GetDomainName(s), UpdateDomainName,
 * DeleteDomainName, and CreateApiMapping, GetApiMapping(s), UpdateApiMapping, DeleteApiMapping. API mapping keys
 * may have several segments ({@code orders/v2}); the mappings are the ones v1 shows as base path mappings.
 */
public final class DomainNameV2Handler implements AdminRoutes {

	private final DomainStore domains;

	private final ApiMappingTargets targets;

	private final ApiMappingRules rules;

	private final DomainEndpoints endpoints;

	public DomainNameV2Handler(DomainStore domains, ApiMappingTargets targets, DomainEndpoints endpoints) {
		this.domains = domains;
		this.targets = targets;
		this.rules = new ApiMappingRules(domains, targets);
		this.endpoints = endpoints;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST("/v2/domainnames", this::create)
			.GET("/v2/domainnames", this::list)
			.GET("/v2/domainnames/{domainName}", this::get)
			.PATCH("/v2/domainnames/{domainName}", this::update)
			.DELETE("/v2/domainnames/{domainName}", this::delete)
			.POST("/v2/domainnames/{domainName}/apimappings", this::createMapping)
			.GET("/v2/domainnames/{domainName}/apimappings", this::listMappings)
			.GET("/v2/domainnames/{domainName}/apimappings/{apiMappingId}", this::getMapping)
			.PATCH("/v2/domainnames/{domainName}/apimappings/{apiMappingId}", this::updateMapping)
			.DELETE("/v2/domainnames/{domainName}/apimappings/{apiMappingId}", this::deleteMapping)
			.build();
	}

	/** One of {@code domainNameConfigurations}; the outputs AWS echoes back are accepted and ignored. */
	record DomainNameConfiguration(@Nullable String apiGatewayDomainName, @Nullable String certificateArn,
			@Nullable String certificateName, @Nullable String certificateUploadDate,
			@Nullable String domainNameStatus, @Nullable String domainNameStatusMessage,
			@Nullable String endpointType, @Nullable String hostedZoneId, @Nullable String ipAddressType,
			@Nullable String securityPolicy, @Nullable String ownershipVerificationCertificateArn) {
	}

	record MutualTlsInput(@Nullable String truststoreUri, @Nullable String truststoreVersion) {
	}

	/** The body of CreateDomainName and UpdateDomainName. */
	record DomainNameRequest(@Nullable String domainName,
			@Nullable List<DomainNameConfiguration> domainNameConfigurations,
			@Nullable MutualTlsInput mutualTlsAuthentication, @Nullable Map<String, String> tags,
			@Nullable String routingMode) {
	}

	/** The body of CreateApiMapping and UpdateApiMapping. */
	record ApiMappingRequest(@Nullable String apiId, @Nullable String apiMappingKey, @Nullable String stage) {
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		return V2Json.read(request, DomainNameRequest.class).flatMap((body) -> {
			DomainName domain = configured(new DomainName(DomainName.normalize(body.domainName()), null, null, null,
					null, null, null, null, body.tags(), null), body);
			return this.domains.update((all) -> {
				if (all.find(domain.domainName()).isPresent()) {
					throw ApiModelException.conflict("The domain name resource already exists.");
				}
				return all.with(domain);
			}).thenReturn(domain);
		}).flatMap((domain) -> V2Json.created(this.endpoints.v2(domain)));
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		return this.domains.load()
			.flatMap((all) -> V2Json.ok(V2Page.of(List.copyOf(all.domainNames().values()), DomainName::domainName,
					request, this.endpoints::v2)));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return require(request).flatMap((domain) -> V2Json.ok(this.endpoints.v2(domain)));
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		String name = domainName(request);
		return V2Json.read(request, DomainNameRequest.class)
			.flatMap((body) -> this.domains.update((all) -> all.with(configured(all.require(name), body))))
			.flatMap((all) -> V2Json.ok(this.endpoints.v2(all.require(name))));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		String name = domainName(request);
		return this.domains.update((all) -> all.without(name)).then(V2Json.noContent());
	}

	private Mono<ServerResponse> createMapping(ServerRequest request) {
		String name = domainName(request);
		return V2Json.read(request, ApiMappingRequest.class).flatMap((body) -> {
			if (body.stage() == null || body.stage().isEmpty()) {
				throw ApiModelException.badRequest("Stage must be specified");
			}
			ApiMapping mapping = new ApiMapping(ModelIds.random(), requireApiId(body.apiId()), body.stage(),
					body.apiMappingKey());
			return require(request).then(this.targets.require(mapping.apiId(), mapping.stage(), true))
				.flatMap((api) -> this.rules.store(name, mapping, api, true,
						(all) -> all.with(all.require(name).withMapping(unique(all.require(name), mapping)))))
				.thenReturn(mapping);
		}).flatMap((mapping) -> V2Json.created(apiMapping(mapping)));
	}

	private Mono<ServerResponse> listMappings(ServerRequest request) {
		return require(request).flatMap((domain) -> V2Json.ok(V2Page.of(domain.apiMappings()
			.stream()
			.sorted(Comparator.comparing(ApiMapping::apiMappingId))
			.toList(), ApiMapping::apiMappingId, request, DomainNameV2Handler::apiMapping)));
	}

	private Mono<ServerResponse> getMapping(ServerRequest request) {
		String id = request.pathVariable("apiMappingId");
		return require(request).map((domain) -> domain.mapping(id).orElseThrow(DomainNameV2Handler::mappingNotFound))
			.flatMap((mapping) -> V2Json.ok(apiMapping(mapping)));
	}

	private Mono<ServerResponse> updateMapping(ServerRequest request) {
		String name = domainName(request);
		String id = request.pathVariable("apiMappingId");
		return V2Json.read(request, ApiMappingRequest.class)
			.flatMap((body) -> require(request).flatMap((domain) -> {
				ApiMapping changed = patched(domain.mapping(id).orElseThrow(DomainNameV2Handler::mappingNotFound),
						body);
				return this.targets.require(changed.apiId(), changed.stage(), true)
					.flatMap((api) -> this.rules.store(name, changed, api, true, (all) -> {
						DomainName current = all.require(name);
						ApiMapping result = patched(
								current.mapping(id).orElseThrow(DomainNameV2Handler::mappingNotFound), body);
						return all.with(current.withMapping(unique(current.withoutMapping(id), result)));
					}))
					.thenReturn(changed);
			}))
			.flatMap((mapping) -> V2Json.ok(apiMapping(mapping)));
	}

	private Mono<ServerResponse> deleteMapping(ServerRequest request) {
		String name = domainName(request);
		String id = request.pathVariable("apiMappingId");
		return this.domains.update((all) -> {
			DomainName domain = all.require(name);
			if (domain.mapping(id).isEmpty()) {
				throw mappingNotFound();
			}
			return all.with(domain.withoutMapping(id));
		}).then(V2Json.noContent());
	}

	private Mono<DomainName> require(ServerRequest request) {
		String name = domainName(request);
		return this.domains.load().map((all) -> all.require(name));
	}

	private static String domainName(ServerRequest request) {
		try {
			return DomainName.normalize(request.pathVariable("domainName"));
		}
		catch (ApiModelException ex) {
			throw DomainNames.notFound();
		}
	}

	private static String requireApiId(@Nullable String apiId) {
		if (apiId == null || apiId.isBlank()) {
			throw ApiModelException.badRequest("ApiId must be specified");
		}
		return apiId;
	}

	/** The domain with the certificate, endpoint type, security policy and mutual TLS a request gives. */
	private static DomainName configured(DomainName domain, DomainNameRequest body) {
		String edgeCertificateArn = domain.certificateArn();
		String edgeCertificateName = domain.certificateName();
		String certificateArn = domain.regionalCertificateArn();
		String certificateName = domain.regionalCertificateName();
		EndpointConfiguration endpoint = domain.endpointConfiguration();
		String securityPolicy = domain.securityPolicy();
		if (body.domainNameConfigurations() != null) {
			if (body.domainNameConfigurations().size() != 1) {
				throw ApiModelException.badRequest("Exactly one domain name configuration must be specified");
			}
			DomainNameConfiguration configuration = body.domainNameConfigurations().get(0);
			// v2 domains are regional: the configuration's certificate replaces any (edge) one v1 gave.
			edgeCertificateArn = null;
			edgeCertificateName = null;
			certificateArn = configuration.certificateArn();
			certificateName = configuration.certificateName();
			if (configuration.endpointType() != null) {
				if (!configuration.endpointType().equals("REGIONAL")) {
					throw ApiModelException.badRequest("Unsupported endpoint type " + configuration.endpointType()
							+ ": API Gateway v2 domain names are REGIONAL");
				}
				endpoint = EndpointConfiguration.regional();
			}
			if (configuration.securityPolicy() != null) {
				securityPolicy = configuration.securityPolicy();
			}
		}
		MutualTlsAuthentication mutualTls = domain.mutualTlsAuthentication();
		if (body.mutualTlsAuthentication() != null) {
			mutualTls = MutualTlsAuthentication.of(body.mutualTlsAuthentication().truststoreUri(),
					body.mutualTlsAuthentication().truststoreVersion());
		}
		return new DomainName(domain.domainName(), edgeCertificateName, edgeCertificateArn, certificateName,
				certificateArn, endpoint, securityPolicy, mutualTls, domain.tags(), domain.apiMappings());
	}

	private static ApiMapping patched(ApiMapping mapping, ApiMappingRequest body) {
		return new ApiMapping(mapping.apiMappingId(), (body.apiId() != null) ? body.apiId() : mapping.apiId(),
				(body.stage() != null) ? body.stage() : mapping.stage(),
				(body.apiMappingKey() != null) ? body.apiMappingKey() : mapping.apiMappingKey());
	}

	private static ApiMapping unique(DomainName domain, ApiMapping mapping) {
		if (domain.mappingByKey(mapping.apiMappingKey()).isPresent()) {
			throw ApiModelException.conflict("ApiMapping with key '" + mapping.apiMappingKey()
					+ "' already exists for domain name " + domain.domainName());
		}
		return mapping;
	}

	private static ApiModelException mappingNotFound() {
		return ApiModelException.notFound("Invalid API mapping identifier specified");
	}

	private static Map<String, Object> apiMapping(ApiMapping mapping) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("apiId", mapping.apiId());
		body.put("apiMappingId", mapping.apiMappingId());
		body.put("apiMappingKey", mapping.apiMappingKey());
		if (mapping.stage() != null) {
			body.put("stage", mapping.stage());
		}
		return body;
	}

}
