package io.tollgate.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A custom domain name (AWS {@code DomainName}, v1 and v2 alike) with its API mappings. Requests whose
 * {@code Host} is the domain are routed by the mappings; with TLS on, the domain's certificate is served to clients
 * that name the domain (SNI).
 *
 * @param certificateArn the certificate (edge): in Tollgate an SSL bundle, named by the ARN's last segment
 * ({@code arn:aws:acm:us-east-1:000000000000:certificate/example-com}) or by itself ({@code example-com})
 * @param regionalCertificateArn the certificate of a regional domain, read the same way
 * @param securityPolicy {@code TLS_1_2} unless given
 * @param mutualTlsAuthentication {@code null} unless clients must present a certificate
 */
public record DomainName(String domainName, @Nullable String certificateName, @Nullable String certificateArn,
		@Nullable String regionalCertificateName, @Nullable String regionalCertificateArn,
		EndpointConfiguration endpointConfiguration, String securityPolicy,
		@Nullable MutualTlsAuthentication mutualTlsAuthentication, Map<String, String> tags,
		List<ApiMapping> apiMappings) {

	/** AWS's quota of API mappings per domain. */
	public static final int MAX_API_MAPPINGS = 200;

	private static final Pattern NAME = Pattern
		.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	public DomainName(String domainName, @Nullable String certificateName, @Nullable String certificateArn,
			@Nullable String regionalCertificateName, @Nullable String regionalCertificateArn,
			@Nullable EndpointConfiguration endpointConfiguration, @Nullable String securityPolicy,
			@Nullable MutualTlsAuthentication mutualTlsAuthentication, @Nullable Map<String, String> tags,
			@Nullable List<ApiMapping> apiMappings) {
		this.domainName = normalize(domainName);
		this.certificateName = certificateName;
		this.certificateArn = certificateArn;
		this.regionalCertificateName = regionalCertificateName;
		this.regionalCertificateArn = regionalCertificateArn;
		this.endpointConfiguration = (endpointConfiguration != null && !endpointConfiguration.types().isEmpty())
				? endpointConfiguration : EndpointConfiguration.regional();
		this.securityPolicy = (securityPolicy != null) ? securityPolicy : "TLS_1_2";
		this.mutualTlsAuthentication = mutualTlsAuthentication;
		this.tags = Immutables.map(tags);
		this.apiMappings = Immutables.list(apiMappings);
		if (this.apiMappings.size() > MAX_API_MAPPINGS) {
			throw ApiModelException.badRequest("A domain name has at most " + MAX_API_MAPPINGS + " API mappings");
		}
		List<String> keys = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		for (ApiMapping mapping : this.apiMappings) {
			if (keys.contains(mapping.apiMappingKey())) {
				throw ApiModelException.conflict("Base path already exists for this domain name");
			}
			if (ids.contains(mapping.apiMappingId())) {
				throw ApiModelException.conflict("API mapping " + mapping.apiMappingId() + " already exists");
			}
			keys.add(mapping.apiMappingKey());
			ids.add(mapping.apiMappingId());
		}
	}

	/** A domain name as stored and matched: lower case, checked as a DNS name. */
	public static String normalize(@Nullable String domainName) {
		String name = (domainName != null) ? domainName.toLowerCase(Locale.ROOT) : "";
		if (!NAME.matcher(name).matches()) {
			throw ApiModelException.badRequest("Invalid domain name specified: " + domainName);
		}
		return name;
	}

	/**
	 * The name of the SSL bundle holding the domain's certificate and key: the last segment of the (regional)
	 * certificate ARN, or the certificate name; {@code null} when the domain names none (the default certificate is
	 * served).
	 */
	public @Nullable String certificate() {
		for (String reference : new String[] { this.regionalCertificateArn, this.certificateArn,
				this.regionalCertificateName, this.certificateName }) {
			if (reference != null && !reference.isBlank()) {
				int slash = reference.lastIndexOf('/');
				return (slash >= 0) ? reference.substring(slash + 1) : reference;
			}
		}
		return null;
	}

	public Optional<ApiMapping> mapping(String apiMappingId) {
		return this.apiMappings.stream().filter((mapping) -> mapping.apiMappingId().equals(apiMappingId)).findFirst();
	}

	public Optional<ApiMapping> mappingByKey(String apiMappingKey) {
		return this.apiMappings.stream()
			.filter((mapping) -> mapping.apiMappingKey().equals(apiMappingKey))
			.findFirst();
	}

	/** The domain with {@code mapping} added, or replacing the mapping with its id. */
	public DomainName withMapping(ApiMapping mapping) {
		List<ApiMapping> changed = new ArrayList<>(this.apiMappings);
		changed.removeIf((existing) -> existing.apiMappingId().equals(mapping.apiMappingId()));
		changed.add(mapping);
		return withMappings(changed);
	}

	public DomainName withoutMapping(String apiMappingId) {
		List<ApiMapping> changed = new ArrayList<>(this.apiMappings);
		if (!changed.removeIf((existing) -> existing.apiMappingId().equals(apiMappingId))) {
			throw ApiModelException.notFound("Invalid API mapping identifier specified");
		}
		return withMappings(changed);
	}

	public DomainName withMappings(List<ApiMapping> mappings) {
		return new DomainName(this.domainName, this.certificateName, this.certificateArn,
				this.regionalCertificateName, this.regionalCertificateArn, this.endpointConfiguration,
				this.securityPolicy, this.mutualTlsAuthentication, this.tags, mappings);
	}

	public DomainName withMutualTlsAuthentication(@Nullable MutualTlsAuthentication mutualTls) {
		return new DomainName(this.domainName, this.certificateName, this.certificateArn,
				this.regionalCertificateName, this.regionalCertificateArn, this.endpointConfiguration,
				this.securityPolicy, mutualTls, this.tags, this.apiMappings);
	}

}
