package io.tollgate.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the benchmark's scenarios need besides the gateways and nginx, started by {@code bench/run.sh}:
 * <ul>
 * <li>{@code serve PORT DIR}: a Lambda Invoke API whose every function is a TOKEN authorizer allowing everything,
 * and a Cognito stand-in serving the JWKS of a fresh RSA key at {@code /{poolId}/.well-known/jwks.json}; writes an
 * ID token for pool {@code us-east-1_bench} and client {@code benchclient} to {@code DIR/id-token}, and counts
 * invocations at {@code GET /invocations}.</li>
 * <li>{@code sign URL ACCESS_KEY SECRET}: prints the headers of a GET to URL signed with SigV4 for
 * {@code execute-api} in us-east-1 by the AWS SDK's signer, one {@code Name: value} per line, for wrk's {@code -H}.</li>
 * </ul>
 */
public final class BenchFixtures {

	static final String POOL_ID = "us-east-1_bench";

	static final String CLIENT_ID = "benchclient";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private BenchFixtures() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 3 && args[0].equals("serve")) {
			serve(Integer.parseInt(args[1]), Path.of(args[2]));
		}
		else if (args.length == 4 && args[0].equals("sign")) {
			sign(URI.create(args[1]), args[2], args[3]);
		}
		else {
			System.err.println("usage: BenchFixtures serve PORT DIR | sign URL ACCESS_KEY SECRET");
			System.exit(2);
		}
	}

	private static void serve(int port, Path dir) throws JOSEException, InterruptedException, java.io.IOException {
		RSAKey key = new RSAKeyGenerator(2048).keyID("bench-key").generate();
		String jwks = new JWKSet(key.toPublicJWK()).toString();
		String issuer = "http://127.0.0.1:" + port + "/" + POOL_ID;
		SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(issuer)
					.subject("bench-user")
					.audience(CLIENT_ID)
					.claim("token_use", "id")
					.claim("cognito:username", "bench")
					.issueTime(new Date())
					.expirationTime(Date.from(Instant.now().plusSeconds(6 * 3600)))
					.build());
		token.sign(new RSASSASigner(key));
		byte[] allow = JSON.writeValueAsBytes(Map.of("principalId", "bench-user", "policyDocument",
				Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Action", "execute-api:Invoke", "Effect",
						"Allow", "Resource", "arn:aws:execute-api:*:*:*/*/*/*"))),
				"context", Map.of("tier", "gold")));
		AtomicLong invocations = new AtomicLong();
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.route((routes) -> routes
				.post("/2015-03-31/functions/{name}/invocations", (request, response) -> {
					invocations.incrementAndGet();
					return request.receive()
						.then()
						.then(response.header("Content-Type", "application/json").sendByteArray(Mono.just(allow)).then());
				})
				.get("/" + POOL_ID + "/.well-known/jwks.json",
						(request, response) -> response.header("Content-Type", "application/json").sendString(Mono.just(jwks)))
				.get("/invocations",
						(request, response) -> response.sendString(Mono.fromSupplier(() -> Long.toString(invocations.get())))))
			.bindNow();
		Files.writeString(dir.resolve("id-token"), token.serialize(), StandardCharsets.UTF_8);
		System.out.println("Fixtures on 127.0.0.1:" + server.port() + ", issuer " + issuer);
		server.onDispose().block();
	}

	private static void sign(URI url, String accessKey, String secret) {
		SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(url).build();
		SignedRequest signed = AwsV4HttpSigner.create()
			.sign((sign) -> sign.request(request)
				.identity(AwsCredentialsIdentity.create(accessKey, secret))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
				.putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
		signed.request().forEachHeader((name, values) -> {
			if (!name.equalsIgnoreCase("Host")) {
				values.forEach((value) -> System.out.println(name + ": " + value));
			}
		});
	}

}
