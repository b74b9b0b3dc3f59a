package io.tollgate.auth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.pipeline.RequestContext;
import io.tollgate.policy.PolicyDecision;
import io.tollgate.policy.PolicyDocument;
import io.tollgate.policy.PolicyRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A REST API's resource policy, parsed once per deployment, with AWS's {@code execute-api:/} shorthand expanded to
 * the API's ARN. Evaluated with the request's condition keys: {@code aws:SourceIp} (the client address),
 * {@code aws:SourceVpce} and {@code aws:SourceVpc} (headers set by the trusted proxy or load balancer in front,
 * standing in for AWS's VPC endpoints), {@code aws:UserAgent}, {@code aws:Referer}, {@code aws:SecureTransport},
 * {@code aws:CurrentTime}, {@code aws:EpochTime} and, for IAM callers, {@code aws:PrincipalArn} and
 * {@code aws:PrincipalAccount}.
 */
public final class ResourcePolicy {

	/** AWS's shorthand for the API's own ARN in resource policies. */
	private static final String SHORTHAND = "execute-api:/";

	private final PolicyDocument document;

	private final AuthProperties properties;

	private ResourcePolicy(PolicyDocument document, AuthProperties properties) {
		this.document = document;
		this.properties = properties;
	}

	/**
	 * @throws io.tollgate.policy.PolicyException when the policy is not valid IAM JSON
	 */
	public static ResourcePolicy parse(String json, String region, String accountId, String apiId,
			AuthProperties properties) {
		String apiArn = "arn:aws:execute-api:" + region + ":" + accountId + ":" + apiId + "/";
		PolicyDocument document = PolicyDocument.parse(json,
				(resource) -> resource.startsWith(SHORTHAND) ? apiArn + resource.substring(SHORTHAND.length()) : resource);
		return new ResourcePolicy(document, properties);
	}

	/** The decision on invoking {@code methodArn}; {@code principalArn} is {@code null} for anonymous callers. */
	public PolicyDecision evaluate(ServerHttpRequest request, RequestContext context, String methodArn,
			@Nullable String principalArn) {
		Map<String, String> keys = new LinkedHashMap<>();
		keys.put("aws:SourceIp", context.sourceIp());
		putIfPresent(keys, "aws:SourceVpce", request.getHeaders().getFirst(this.properties.sourceVpceHeader()));
		putIfPresent(keys, "aws:SourceVpc", request.getHeaders().getFirst(this.properties.sourceVpcHeader()));
		putIfPresent(keys, "aws:UserAgent", context.userAgent());
		putIfPresent(keys, "aws:Referer", request.getHeaders().getFirst(HttpHeaders.REFERER));
		keys.put("aws:SecureTransport", Boolean.toString(request.getSslInfo() != null
				|| "https".equalsIgnoreCase(request.getHeaders().getFirst("X-Forwarded-Proto"))));
		Instant now = Instant.ofEpochMilli(context.requestTimeEpoch());
		keys.put("aws:CurrentTime", now.toString());
		keys.put("aws:EpochTime", Long.toString(now.getEpochSecond()));
		if (principalArn != null) {
			keys.put("aws:PrincipalArn", principalArn);
			String[] parts = principalArn.split(":", 6);
			if (parts.length == 6) {
				keys.put("aws:PrincipalAccount", parts[4]);
			}
		}
		return this.document.evaluate(new PolicyRequest("execute-api:Invoke", methodArn, principalArn, keys));
	}

	private static void putIfPresent(Map<String, String> keys, String key, @Nullable String value) {
		if (value != null) {
			keys.put(key, value);
		}
	}

	@Override
	public String toString() {
		return "ResourcePolicy[" + this.document + "]";
	}

}
