package io.tollgate.auth.sigv4;

import java.time.Clock;

import io.tollgate.auth.AccessDeniedMessages;
import io.tollgate.auth.AuthorizationResult;
import io.tollgate.auth.RequestAuthorizer;
import io.tollgate.auth.ResourcePolicy;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.pipeline.RequestBodies;
import io.tollgate.policy.PolicyDecision;
import io.tollgate.pipeline.GatewayResponseType;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@code AWS_IAM} authorizer of one method: verifies the request's SigV4 signature (service
 * {@code execute-api}) with the {@link SigV4Verifier}, finds the configured identity, checks temporary credentials'
 * session token, and evaluates the identity's policies together with the API's resource policy as AWS does for a
 * caller of the API's own account (either may allow, a deny in either wins; a caller from another account needs
 * both). The body is read to check its hash and handed on unchanged; the {@code Authorization} header is not.
 */
public final class IamAuthorizer implements RequestAuthorizer {

	private final SigV4Verifier verifier;

	private final IamIdentities identities;

	private final @Nullable ResourcePolicy resourcePolicy;

	private final String region;

	private final String accountId;

	private final Clock clock;

	private final boolean ownAccountOnly;

	public IamAuthorizer(SigV4Verifier verifier, IamIdentities identities, @Nullable ResourcePolicy resourcePolicy,
			String region, String accountId, Clock clock) {
		this(verifier, identities, resourcePolicy, region, accountId, clock, false);
	}

	/**
	 * @param ownAccountOnly whether callers of other accounts are always refused: HTTP APIs have no resource policy
	 * to let them in (aws-behavior-v2 §A.6.3)
	 */
	public IamAuthorizer(SigV4Verifier verifier, IamIdentities identities, @Nullable ResourcePolicy resourcePolicy,
			String region, String accountId, Clock clock, boolean ownAccountOnly) {
		this.ownAccountOnly = ownAccountOnly;
		this.verifier = verifier;
		this.identities = identities;
		this.resourcePolicy = resourcePolicy;
		this.region = region;
		this.accountId = accountId;
		this.clock = clock;
	}

	@Override
	public String type() {
		return "AWS_IAM";
	}

	@Override
	public Mono<AuthorizationResult> authorize(ServerWebExchange exchange, RequestContext context) {
		ServerHttpRequest request = exchange.getRequest();
		if (!request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
				&& !request.getQueryParams().containsKey("X-Amz-Algorithm")
				&& !request.getQueryParams().containsKey("X-Amz-Credential")
				&& !request.getQueryParams().containsKey("X-Amz-Signature")) {
			// Unsigned: no need to read the body.
			return Mono.just(failed(SigV4Result.Failed.missingAuthenticationToken()));
		}
		return RequestBodies.read(request).map((body) -> decide(exchange, context, body));
	}

	private AuthorizationResult decide(ServerWebExchange exchange, RequestContext context, byte[] body) {
		ServerHttpRequest request = exchange.getRequest();
		SigV4Request signed = SigV4Request.of(request, body);
		SigV4Result result = this.verifier.verify(signed);
		if (result instanceof SigV4Result.Failed failed) {
			return failed(failed);
		}
		IamIdentity identity = this.identities.find(((SigV4Result.Verified) result).accessKeyId()).orElse(null);
		if (identity == null) {
			return failed(SigV4Result.Failed.unrecognizedClient());
		}
		SigV4Result.Failed session = identity.checkSession(signed.sessionToken(), this.clock.instant());
		if (session != null) {
			return failed(session);
		}
		String methodArn = context.methodArn(this.region);
		PolicyDecision decision = identity.decide("execute-api:Invoke", methodArn);
		if (this.resourcePolicy != null) {
			PolicyDecision resource = this.resourcePolicy.evaluate(request, context, methodArn, identity.arn());
			if (decision == PolicyDecision.EXPLICIT_DENY || resource == PolicyDecision.EXPLICIT_DENY) {
				decision = PolicyDecision.EXPLICIT_DENY;
			}
			else if (this.accountId.equals(identity.accountId())) {
				decision = decision.and(resource);
			}
			else {
				// Another account's caller needs both its own policy and the resource policy to allow.
				decision = (decision.allowed() && resource.allowed()) ? PolicyDecision.ALLOW
						: PolicyDecision.IMPLICIT_DENY;
			}
		}
		if (this.ownAccountOnly && !this.accountId.equals(identity.accountId())) {
			decision = PolicyDecision.IMPLICIT_DENY;
		}
		if (!decision.allowed()) {
			return AuthorizationResult.Deny.accessDenied(AccessDeniedMessages.notAuthorized(identity.arn(), methodArn,
					decision == PolicyDecision.EXPLICIT_DENY), false);
		}
		RequestContext authorized = context.withIdentity(context.identity()
			.withIamCaller(identity.accessKeyId(), identity.accountId(), identity.user(), identity.user(),
					identity.arn(), identity.permissions()));
		return new AuthorizationResult.Allow(withBody(exchange, body), authorized, false);
	}

	/** A SigV4 refusal as API Gateway answers it: the gateway response type, AWS's message and error type. */
	static AuthorizationResult failed(SigV4Result.Failed failed) {
		return switch (failed.errorType()) {
			case "MissingAuthenticationTokenException" -> new AuthorizationResult.Deny(
					GatewayResponseType.MISSING_AUTHENTICATION_TOKEN, failed.message(), null, false);
			case "ExpiredTokenException" ->
				new AuthorizationResult.Deny(GatewayResponseType.EXPIRED_TOKEN, failed.message(), null, false);
			case "InvalidSignatureException" ->
				new AuthorizationResult.Deny(GatewayResponseType.INVALID_SIGNATURE, failed.message(), null, false);
			default -> new AuthorizationResult.Deny(GatewayResponseType.INVALID_SIGNATURE, failed.message(),
					failed.errorType(), false);
		};
	}

	/** The exchange with the body readable again and without the {@code Authorization} header, as AWS forwards it. */
	private static ServerWebExchange withBody(ServerWebExchange exchange, byte[] body) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders unsigned = HeadersWithout.of(request.getHeaders(), HttpHeaders.AUTHORIZATION);
		ServerHttpRequest stripped = new ServerHttpRequestDecorator(request) {
			@Override
			public HttpHeaders getHeaders() {
				return unsigned;
			}
		};
		return exchange.mutate().request(RequestBodies.withBody(stripped, body)).build();
	}

	@Override
	public String toString() {
		return "IamAuthorizer[" + this.verifier + ", resourcePolicy=" + (this.resourcePolicy != null) + "]";
	}

}
