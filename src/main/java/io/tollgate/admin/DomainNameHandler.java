package io.tollgate.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.config.TollgateProperties;
import io.tollgate.model.ApiMapping;
import io.tollgate.model.DomainName;
import io.tollgate.model.DomainNames;
import io.tollgate.domain.DomainStore;
import io.tollgate.model.MutualTlsAuthentication;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.EndpointConfiguration;
import io.tollgate.usage.ListingPage;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The v1 ({@code apigateway}) custom domain operations: CreateDomainName, GetDomainName(s), UpdateDomainName,
 * DeleteDomainName, and the base path mappings of a domain: CreateBasePathMapping, GetBasePathMapping(s),
 * UpdateBasePathMapping, DeleteBasePathMapping. A v1 base path is one segment, {@code (none)} for the root; the
 * mappings are the same ones the v2 API ({@code DomainNameV2Handler}) calls API mappings.
 */
public final class DomainNameHandler implements AdminRoutes {

	private static final String DOMAIN = "domain_name";

	private static final String BASE_PATH = "base_path";

	private final DomainStore domains;

	private final ApiMappingTargets targets;

	private final ApiMappingRules rules;

	private final DomainEndpoints endpoints;

	public DomainNameHandler(DomainStore domains, ApiMappingTargets targets, TollgateProperties properties) {
		this.domains = domains;
		this.targets = targets;
		this.rules = new ApiMappingRules(domains, targets);
		this.endpoints = new DomainEndpoints(properties.region());
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST("/domainnames", this::create)
			.GET("/domainnames", this::list)
			.GET("/domainnames/{domain_name}", this::get)
			.PATCH("/domainnames/{domain_name}", this::update)
			.DELETE("/domainnames/{domain_name}", this::delete)
			.POST("/domainnames/{domain_name}/basepathmappings", this::createMapping)
			.GET("/domainnames/{domain_name}/basepathmappings", this::listMappings)
			.GET("/domainnames/{domain_name}/basepathmappings/{base_path}", this::getMapping)
			.PATCH("/domainnames/{domain_name}/basepathmappings/{base_path}", this::updateMapping)
			.DELETE("/domainnames/{domain_name}/basepathmappings/{base_path}", this::deleteMapping)
			.build();
	}

	/** The body of CreateDomainName; certificates are SSL bundles, so uploaded bodies are refused. */
	record CreateDomainNameRequest(@Nullable String domainName, @Nullable String certificateName,
			@Nullable String certificateBody, @Nullable String certificatePrivateKey,
			@Nullable String certificateChain, @Nullable String certificateArn,
			@Nullable String regionalCertificateName, @Nullable String regionalCertificateArn,
			@Nullable EndpointConfiguration endpointConfiguration, @Nullable Map<String, String> tags,
			@Nullable String securityPolicy, @Nullable MutualTlsInput mutualTlsAuthentication,
			@Nullable String ownershipVerificationCertificateArn, @Nullable String routingMode,
			@Nullable String policy) {
	}

	/** {@code mutualTlsAuthentication} of a request. */
	record MutualTlsInput(@Nullable String truststoreUri, @Nullable String truststoreVersion) {

		@Nullable MutualTlsAuthentication toModel() {
			return MutualTlsAuthentication.of(this.truststoreUri, this.truststoreVersion);
		}

	}

	/** The body of CreateBasePathMapping. */
	record CreateBasePathMappingRequest(@Nullable String basePath, @Nullable String restApiId,
			@Nullable String stage) {
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		return AdminJson.read(request, CreateDomainNameRequest.class).flatMap((body) -> {
			if (body.certificateBody() != null || body.certificatePrivateKey() != null) {
				throw ApiModelException.badRequest("Tollgate does not take certificate uploads: configure the "
						+ "certificate as an SSL bundle and name it in certificateArn or regionalCertificateArn");
			}
			DomainName domain = new DomainName(DomainName.normalize(body.domainName()), body.certificateName(),
					body.certificateArn(), body.regionalCertificateName(), body.regionalCertificateArn(),
					body.endpointConfiguration(), body.securityPolicy(),
					(body.mutualTlsAuthentication() != null) ? body.mutualTlsAuthentication().toModel() : null,
					body.tags(), null);
			return this.domains.update((all) -> {
				if (all.find(domain.domainName()).isPresent()) {
					throw ApiModelException.conflict("The domain name you provided already exists.");
				}
				return all.with(domain);
			}).thenReturn(domain);
		}).flatMap((domain) -> AdminJson.created(this.endpoints.v1(domain)));
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		return this.domains.load()
			.map((all) -> ListingPage.of(List.copyOf(all.domainNames().values()), DomainName::domainName,
					request.queryParam("position").orElse(null), request.queryParam("limit").orElse(null)))
			.flatMap((page) -> AdminJson.ok(page.body(this.endpoints::v1)));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return require(request).flatMap((domain) -> AdminJson.ok(this.endpoints.v1(domain)));
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		String name = domainName(request);
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> this.domains.update((all) -> all.with(patched(all.require(name), patch))))
			.map((all) -> all.require(name))
			.flatMap((domain) -> AdminJson.ok(this.endpoints.v1(domain)));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		String name = domainName(request);
		return this.domains.update((all) -> all.without(name)).then(AdminJson.accepted());
	}

	private Mono<ServerResponse> createMapping(ServerRequest request) {
		String name = domainName(request);
		return AdminJson.read(request, CreateBasePathMappingRequest.class).flatMap((body) -> {
			String key = singleSegment(body.basePath());
			if (body.restApiId() == null || body.restApiId().isBlank()) {
				throw ApiModelException.badRequest("Invalid REST API identifier specified");
			}
			ApiMapping mapping = new ApiMapping(ApiMapping.derivedId(name, key), body.restApiId(), body.stage(), key);
			return require(request).then(this.targets.require(mapping.apiId(), mapping.stage(), false))
				.flatMap((api) -> this.rules.store(name, mapping, api, false, (all) -> all.with(all.require(name)
					.withMapping(conflictFree(all.require(name), mapping)))))
				.thenReturn(mapping);
		}).flatMap((mapping) -> AdminJson.created(basePathMapping(mapping)));
	}

	private Mono<ServerResponse> listMappings(ServerRequest request) {
		return require(request)
			.map((domain) -> ListingPage.of(domain.apiMappings()
				.stream()
				.sorted(java.util.Comparator.comparing(ApiMapping::apiMappingKey))
				.toList(), ApiMapping::apiMappingKey, request.queryParam("position").orElse(null),
					request.queryParam("limit").orElse(null)))
			.flatMap((page) -> AdminJson.ok(page.body(DomainNameHandler::basePathMapping)));
	}

	private Mono<ServerResponse> getMapping(ServerRequest request) {
		return requireMapping(request).flatMap((mapping) -> AdminJson.ok(basePathMapping(mapping)));
	}

	private Mono<ServerResponse> updateMapping(ServerRequest request) {
		String name = domainName(request);
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> requireMapping(request).flatMap((current) -> {
				ApiMapping changed = patchedMapping(current, patch);
				return this.targets.require(changed.apiId(), changed.stage(), false)
					.flatMap((api) -> this.rules.store(name, changed, api, false, (all) -> {
						DomainName domain = all.require(name);
						ApiMapping stored = domain.mapping(current.apiMappingId()).orElseThrow(
								DomainNameHandler::mappingNotFound);
						ApiMapping result = patchedMapping(stored, patch);
						return all.with(domain.withoutMapping(stored.apiMappingId()).withMapping(result));
					}))
					.thenReturn(changed);
			}))
			.flatMap((mapping) -> AdminJson.ok(basePathMapping(mapping)));
	}

	private Mono<ServerResponse> deleteMapping(ServerRequest request) {
		String name = domainName(request);
		String key = ApiMapping.key(basePath(request));
		return this.domains.update((all) -> {
			DomainName domain = all.require(name);
			ApiMapping mapping = domain.mappingByKey(key).orElseThrow(DomainNameHandler::mappingNotFound);
			return all.with(domain.withoutMapping(mapping.apiMappingId()));
		}).then(AdminJson.accepted());
	}

	private Mono<DomainName> require(ServerRequest request) {
		String name = domainName(request);
		return this.domains.load().map((all) -> all.require(name));
	}

	private Mono<ApiMapping> requireMapping(ServerRequest request) {
		String key = ApiMapping.key(basePath(request));
		return require(request)
			.map((domain) -> domain.mappingByKey(key).orElseThrow(DomainNameHandler::mappingNotFound));
	}

	static String domainName(ServerRequest request) {
		String name = request.pathVariable(DOMAIN);
		try {
			return DomainName.normalize(name);
		}
		catch (ApiModelException ex) {
			throw DomainNames.notFound();
		}
	}

	private static String basePath(ServerRequest request) {
		return URLDecoder.decode(request.pathVariable(BASE_PATH), StandardCharsets.UTF_8);
	}

	/** v1 base paths are one segment; multi-level mappings are v2's. */
	private static String singleSegment(@Nullable String basePath) {
		if (basePath != null && basePath.contains("/")) {
			throw ApiModelException.badRequest("API Gateway V1 doesn't support the slash character (/) in base path "
					+ "mappings. To create a multi-level base path mapping, use API Gateway V2.");
		}
		return ApiMapping.key(basePath);
	}

	static ApiMapping conflictFree(DomainName domain, ApiMapping mapping) {
		if (domain.mappingByKey(mapping.apiMappingKey()).isPresent()) {
			throw ApiModelException.conflict("Base path already exists for this domain name");
		}
		return mapping;
	}

	static ApiModelException mappingNotFound() {
		return ApiModelException.notFound("Invalid base path mapping identifier specified");
	}

	private static Map<String, Object> basePathMapping(ApiMapping mapping) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("basePath", mapping.apiMappingKey().isEmpty() ? ApiMapping.ROOT_BASE_PATH : mapping.apiMappingKey());
		body.put("restApiId", mapping.apiId());
		if (mapping.stage() != null) {
			body.put("stage", mapping.stage());
		}
		return body;
	}

	private static ApiMapping patchedMapping(ApiMapping mapping, PatchRequest patch) {
		String key = mapping.apiMappingKey();
		String apiId = mapping.apiId();
		String stage = mapping.stage();
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			if (!operation.op().equals("replace")) {
				throw operation.unsupported();
			}
			switch (operation.path()) {
				case "/basePath" -> key = singleSegment(operation.value());
				case "/restapiId", "/restApiId" -> apiId = operation.requireValue();
				case "/stage" -> stage = operation.value();
				default -> throw operation.unsupported();
			}
		}
		return new ApiMapping(mapping.apiMappingId(), apiId, stage, key);
	}

	private static DomainName patched(DomainName domain, PatchRequest patch) {
		String certificateName = domain.certificateName();
		String certificateArn = domain.certificateArn();
		String regionalCertificateName = domain.regionalCertificateName();
		String regionalCertificateArn = domain.regionalCertificateArn();
		String securityPolicy = domain.securityPolicy();
		MutualTlsAuthentication mutualTls = domain.mutualTlsAuthentication();
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			String value = operation.op().equals("remove") ? null : operation.value();
			switch (operation.path()) {
				case "/certificateName" -> certificateName = value;
				case "/certificateArn" -> certificateArn = value;
				case "/regionalCertificateName" -> regionalCertificateName = value;
				case "/regionalCertificateArn" -> regionalCertificateArn = value;
				case "/securityPolicy" -> securityPolicy = operation.requireValue();
				case "/mutualTlsAuthentication/truststoreUri" -> mutualTls = MutualTlsAuthentication.of(value,
						(mutualTls != null) ? mutualTls.truststoreVersion() : null);
				case "/mutualTlsAuthentication/truststoreVersion" -> {
					if (mutualTls == null) {
						throw ApiModelException.badRequest("The domain name has no mutual TLS authentication");
					}
					mutualTls = new MutualTlsAuthentication(mutualTls.truststoreUri(), value);
				}
				default -> throw operation.unsupported();
			}
		}
		return new DomainName(domain.domainName(), certificateName, certificateArn, regionalCertificateName,
				regionalCertificateArn, domain.endpointConfiguration(), securityPolicy, mutualTls, domain.tags(),
				domain.apiMappings());
	}

}
