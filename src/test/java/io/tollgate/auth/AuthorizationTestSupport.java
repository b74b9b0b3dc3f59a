package io.tollgate.auth;

import java.util.List;
import java.util.Map;

import io.tollgate.auth.cognito.TestJwts;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Authorizer;
import io.tollgate.model.AuthorizerType;
import io.tollgate.model.Integration;
import io.tollgate.model.Method;
import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestLambdaServer;
import org.junit.jupiter.api.BeforeEach;

import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running gateway with everything the authorizers need, shared by the authorization tests (one Spring context):
 * a Lambda Invoke server for authorizer functions, a Cognito stand-in serving a pool's keys ({@link TestJwts}) and
 * IAM identities ({@code tollgate.iam.identities}) besides the admin credentials.
 */
public abstract class AuthorizationTestSupport extends BaseAdminTests {

	public static final String ACCOUNT = "000000000000";

	/** Alice may invoke GET methods of API {@code iamapi}, and nothing else. */
	public static final String ALICE_KEY = "AKIDALICE00000000001";

	public static final String ALICE_SECRET = "alice/secret/0123456789abcdefghijklmn";

	public static final String ALICE_ARN = "arn:aws:iam::" + ACCOUNT + ":user/alice";

	/** Bob, from another account, may invoke everything by his own policy. */
	public static final String BOB_KEY = "AKIDBOB0000000000001";

	public static final String BOB_SECRET = "bob/secret/0123456789abcdefghijklmnopq";

	public static final String BOB_ARN = "arn:aws:iam::111122223333:user/bob";

	/** Temporary credentials with a session token, valid. */
	public static final String TEMP_KEY = "ASIATEMP000000000001";

	public static final String TEMP_SECRET = "temp/secret/0123456789abcdefghijklmnop";

	public static final String TEMP_TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

	/** Temporary credentials that expired. */
	public static final String EXPIRED_KEY = "ASIAEXPIRED000000001";

	public static final String EXPIRED_SECRET = "expired/secret/0123456789abcdefghijklm";

	public static final String EXPIRED_TOKEN = "FwoGZXIvYXdzEXPIREDSESSIONTOKEN";

	public static final String ALLOW_ALL = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
			+ "\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\"}}";

	@RegisterExtension
	protected static final TestLambdaServer lambda = TestLambdaServer.forTheRun();

	@RegisterExtension
	protected static final TestJwts jwts = TestJwts.get();

	@DynamicPropertySource
	static void authorizationProperties(DynamicPropertyRegistry registry) {
		registry.add("tollgate.lambda.endpoint", () -> lambda.endpoint().toString());
		registry.add("tollgate.lambda.access-key-id", () -> "AKIDLAMBDA");
		registry.add("tollgate.lambda.secret-access-key", () -> "lambda-secret");
		registry.add("tollgate.cognito.endpoint", () -> jwts.endpoint().toString());
		registry.add("tollgate.cognito.keys-refresh-interval", () -> "1s");
		identity(registry, 0, ALICE_KEY, ALICE_SECRET, ALICE_ARN, "{\"Version\":\"2012-10-17\",\"Statement\":["
				+ "{\"Effect\":\"Allow\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"arn:aws:execute-api:us-east-1:"
				+ ACCOUNT + ":iamapi/*/GET/*\"},{\"Effect\":\"Deny\",\"Action\":\"execute-api:*\",\"Resource\":"
				+ "\"arn:aws:execute-api:us-east-1:" + ACCOUNT + ":iamapi/*/GET/secret\"}]}");
		identity(registry, 1, BOB_KEY, BOB_SECRET, BOB_ARN, ALLOW_ALL);
		identity(registry, 2, TEMP_KEY, TEMP_SECRET, "arn:aws:sts::" + ACCOUNT + ":assumed-role/reader/session",
				ALLOW_ALL);
		registry.add("tollgate.iam.identities[2].session-token", () -> TEMP_TOKEN);
		identity(registry, 3, EXPIRED_KEY, EXPIRED_SECRET, "arn:aws:sts::" + ACCOUNT + ":assumed-role/reader/old",
				ALLOW_ALL);
		registry.add("tollgate.iam.identities[3].session-token", () -> EXPIRED_TOKEN);
		registry.add("tollgate.iam.identities[3].session-expires-at", () -> "2020-01-01T00:00:00Z");
	}

	private static void identity(DynamicPropertyRegistry registry, int index, String key, String secret, String arn,
			String policy) {
		String prefix = "tollgate.iam.identities[" + index + "].";
		registry.add(prefix + "access-key-id", () -> key);
		registry.add(prefix + "secret-access-key", () -> secret);
		registry.add(prefix + "arn", () -> arn);
		registry.add(prefix + "policy", () -> policy);
	}

	@BeforeEach
	void resetFunctions() {
		lambda.reset();
	}

	protected static Method authorized(String verb, AuthorizationType type, String authorizerId, List<String> scopes,
			Integration integration) {
		return new Method(verb, type, authorizerId, false, null, null, null, null, scopes, null, integration);
	}

	protected static Authorizer tokenAuthorizer(String id, String function, int ttl, String validationExpression) {
		return new Authorizer(id, id, AuthorizerType.TOKEN, null, null, TestLambdaServer.invocationUri(function), null,
				"method.request.header.Authorization", validationExpression, ttl);
	}

	protected static Authorizer requestAuthorizer(String id, String function, int ttl, String identitySource) {
		return new Authorizer(id, id, AuthorizerType.REQUEST, null, null, TestLambdaServer.invocationUri(function),
				null, identitySource, null, ttl);
	}

	protected static Authorizer cognitoAuthorizer(String id, String validationExpression) {
		return new Authorizer(id, id, AuthorizerType.COGNITO_USER_POOLS, List.of(TestJwts.POOL_ARN), null, null, null,
				"method.request.header.Authorization", validationExpression, null);
	}

	/** A policy document allowing or denying {@code execute-api:Invoke} on {@code resource}. */
	protected static Map<String, Object> policy(String effect, Object resource) {
		return Map.of("Version", "2012-10-17", "Statement",
				List.of(Map.of("Action", "execute-api:Invoke", "Effect", effect, "Resource", resource)));
	}

}
