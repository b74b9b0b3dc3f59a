package io.tollgate.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.model.DomainName;
import io.tollgate.model.ModelIds;
import org.jspecify.annotations.Nullable;

/**
 * A custom domain as the v1 and v2 management APIs show it, with the outputs AWS adds: the target domain name a
 * DNS record would point at ({@code d-{id}.execute-api.{region}.amazonaws.com}), its hosted zone and the status,
 * always {@code AVAILABLE} (Tollgate has nothing to provision).
 */
public final class DomainEndpoints {

	/** API Gateway's regional hosted zone (us-east-1); only informative in Tollgate. */
	static final String REGIONAL_HOSTED_ZONE_ID = "Z1UJRXOUMOOFQ8";

	/** CloudFront's hosted zone, which edge-optimized domains point at. */
	static final String DISTRIBUTION_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2";

	private final String region;

	public DomainEndpoints(String region) {
		this.region = region;
	}

	/** The v1 {@code DomainName} representation. */
	public Map<String, Object> v1(DomainName domain) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("domainName", domain.domainName());
		putIfPresent(body, "certificateName", domain.certificateName());
		putIfPresent(body, "certificateArn", domain.certificateArn());
		if (domain.endpointConfiguration().types().contains("EDGE")) {
			body.put("distributionDomainName", ModelIds.derived("edge:" + domain.domainName()) + ".cloudfront.net");
			body.put("distributionHostedZoneId", DISTRIBUTION_HOSTED_ZONE_ID);
		}
		else {
			body.put("regionalDomainName", apiGatewayDomainName(domain));
			body.put("regionalHostedZoneId", REGIONAL_HOSTED_ZONE_ID);
		}
		putIfPresent(body, "regionalCertificateName", domain.regionalCertificateName());
		putIfPresent(body, "regionalCertificateArn", domain.regionalCertificateArn());
		body.put("endpointConfiguration", Map.of("types", domain.endpointConfiguration().types()));
		body.put("domainNameStatus", "AVAILABLE");
		body.put("securityPolicy", domain.securityPolicy());
		if (domain.mutualTlsAuthentication() != null) {
			body.put("mutualTlsAuthentication", mutualTls(domain));
		}
		if (!domain.tags().isEmpty()) {
			body.put("tags", domain.tags());
		}
		return body;
	}

	/** The v2 {@code DomainName} representation. */
	public Map<String, Object> v2(DomainName domain) {
		Map<String, Object> configuration = new LinkedHashMap<>();
		configuration.put("apiGatewayDomainName", apiGatewayDomainName(domain));
		String certificateArn = (domain.regionalCertificateArn() != null) ? domain.regionalCertificateArn()
				: domain.certificateArn();
		putIfPresent(configuration, "certificateArn", certificateArn);
		String certificateName = (domain.regionalCertificateName() != null) ? domain.regionalCertificateName()
				: domain.certificateName();
		putIfPresent(configuration, "certificateName", certificateName);
		configuration.put("domainNameStatus", "AVAILABLE");
		configuration.put("endpointType", domain.endpointConfiguration().types().get(0));
		configuration.put("hostedZoneId", REGIONAL_HOSTED_ZONE_ID);
		configuration.put("securityPolicy", domain.securityPolicy());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("apiMappingSelectionExpression", "$request.basepath");
		body.put("domainName", domain.domainName());
		body.put("domainNameConfigurations", List.of(configuration));
		if (domain.mutualTlsAuthentication() != null) {
			body.put("mutualTlsAuthentication", mutualTls(domain));
		}
		if (!domain.tags().isEmpty()) {
			body.put("tags", domain.tags());
		}
		return body;
	}

	private String apiGatewayDomainName(DomainName domain) {
		return "d-" + ModelIds.derived(domain.domainName()) + ".execute-api." + this.region + ".amazonaws.com";
	}

	private static Map<String, Object> mutualTls(DomainName domain) {
		Map<String, Object> mutualTls = new LinkedHashMap<>();
		mutualTls.put("truststoreUri", domain.mutualTlsAuthentication().truststoreUri());
		putIfPresent(mutualTls, "truststoreVersion", domain.mutualTlsAuthentication().truststoreVersion());
		return mutualTls;
	}

	private static void putIfPresent(Map<String, Object> body, String key, @Nullable Object value) {
		if (value != null) {
			body.put(key, value);
		}
	}

}
