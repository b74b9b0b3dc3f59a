package io.tollgate.policy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PolicyDocumentTests {

	private static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/1";

	private static PolicyDecision evaluate(String policy, String resource) {
		return PolicyDocument.parse(policy).evaluate(PolicyRequest.of("execute-api:Invoke", resource));
	}

	private static PolicyDecision evaluate(String policy, Map<String, String> keys, String principal) {
		return PolicyDocument.parse(policy)
			.evaluate(new PolicyRequest("execute-api:Invoke", ARN, principal, keys));
	}

	private static String statement(String effect, String resource) {
		return "{\"Effect\":\"" + effect + "\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"" + resource + "\"}";
	}

	@Nested
	class Effects {

		@Test
		void matchingAllowAllows() {
			assertThat(evaluate("{\"Statement\":[" + statement("Allow", ARN) + "]}", ARN)).isEqualTo(PolicyDecision.ALLOW);
		}

		@Test
		void statementMayBeASingleObject() {
			assertThat(evaluate("{\"Statement\":" + statement("Allow", ARN) + "}", ARN)).isEqualTo(PolicyDecision.ALLOW);
		}

		@Test
		void nothingMatchingIsImplicitDeny() {
			assertThat(evaluate("{\"Statement\":[" + statement("Allow", ARN + "/x") + "]}", ARN))
				.isEqualTo(PolicyDecision.IMPLICIT_DENY);
		}

		@Test
		void denyWinsOverAllowWhateverTheOrder() {
			assertThat(evaluate("{\"Statement\":[" + statement("Allow", "*") + "," + statement("Deny", ARN) + "]}", ARN))
				.isEqualTo(PolicyDecision.EXPLICIT_DENY);
			assertThat(evaluate("{\"Statement\":[" + statement("Deny", ARN) + "," + statement("Allow", "*") + "]}", ARN))
				.isEqualTo(PolicyDecision.EXPLICIT_DENY);
		}

		@Test
		void actionsMatchCaseInsensitivelyWithWildcards() {
			String policy = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"s3:*\",\"EXECUTE-API:*\"],\"Resource\":\"*\"}}";
			assertThat(evaluate(policy, ARN)).isEqualTo(PolicyDecision.ALLOW);
		}

		@Test
		void notActionAndNotResourceExclude() {
			String policy = "{\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"execute-api:InvalidateCache\","
					+ "\"NotResource\":\"arn:aws:execute-api:*:*:*/*/DELETE/*\"}}";
			assertThat(evaluate(policy, ARN)).isEqualTo(PolicyDecision.ALLOW);
			assertThat(evaluate(policy, ARN.replace("/GET/", "/DELETE/"))).isEqualTo(PolicyDecision.IMPLICIT_DENY);
		}

		@Test
		void lowerCaseElementNamesOfAuthorizerOutputAreRead() {
			assertThat(evaluate("{\"statement\":[{\"effect\":\"Allow\",\"action\":\"execute-api:Invoke\",\"resource\":\"*\"}]}", ARN))
				.isEqualTo(PolicyDecision.ALLOW);
		}

	}

	@Nested
	class ResourceWildcards {

		@Test
		void starMatchesAcrossSegments() {
			assertThat(evaluate("{\"Statement\":" + statement("Allow", "arn:aws:execute-api:us-east-1:123456789012:abc123/*") + "}", ARN))
				.isEqualTo(PolicyDecision.ALLOW);
			assertThat(evaluate("{\"Statement\":" + statement("Allow", "arn:aws:execute-api:*:*:abc123/*/GET/pets/*") + "}", ARN))
				.isEqualTo(PolicyDecision.ALLOW);
		}

		@Test
		void questionMarkMatchesOneCharacter() {
			assertThat(evaluate("{\"Statement\":" + statement("Allow", ARN.replace("pets/1", "pets/?")) + "}", ARN))
				.isEqualTo(PolicyDecision.ALLOW);
			assertThat(evaluate("{\"Statement\":" + statement("Allow", ARN.replace("pets/1", "pets/??")) + "}", ARN))
				.isEqualTo(PolicyDecision.IMPLICIT_DENY);
		}

		@Test
		void otherStageOrVerbDoesNotMatch() {
			assertThat(evaluate("{\"Statement\":" + statement("Allow", ARN.replace("/prod/", "/dev/")) + "}", ARN))
				.isEqualTo(PolicyDecision.IMPLICIT_DENY);
			assertThat(evaluate("{\"Statement\":" + statement("Allow", ARN.replace("/GET/", "/POST/")) + "}", ARN))
				.isEqualTo(PolicyDecision.IMPLICIT_DENY);
		}

		@Test
		void manyStarsStayFast() {
			String pattern = "a*".repeat(30) + "b";
			assertThat(Wildcards.matches(pattern, "a".repeat(5_000), false)).isFalse();
		}

	}

	@Nested
	class Conditions {

		private static final String IP_POLICY = "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\","
				+ "\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\","
				+ "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":[\"192.0.2.0/24\",\"2001:db8::/32\"]}}}}";

		@Test
		void sourceIpMatchesIpv4AndIpv6Ranges() {
			assertThat(evaluate(IP_POLICY, Map.of("aws:SourceIp", "192.0.2.77"), null)).isEqualTo(PolicyDecision.ALLOW);
			assertThat(evaluate(IP_POLICY, Map.of("aws:SourceIp", "2001:db8:1::5"), null)).isEqualTo(PolicyDecision.ALLOW);
			assertThat(evaluate(IP_POLICY, Map.of("aws:SourceIp", "192.0.3.1"), null))
				.isEqualTo(PolicyDecision.IMPLICIT_DENY);
			assertThat(evaluate(IP_POLICY, Map.of("aws:SourceIp", "2001:db9::1"), null))
				.isEqualTo(PolicyDecision.IMPLICIT_DENY);
			assertThat(evaluate(IP_POLICY, Map.of(), null)).isEqualTo(PolicyDecision.IMPLICIT_DENY);
		}

		@Test
		void ipv4MappedIpv6AddressCountsAsIpv4() {
			assertThat(evaluate(IP_POLICY, Map.of("aws:SourceIp", "::ffff:192.0.2.9"), null))
				.isEqualTo(PolicyDecision.ALLOW);
		}

		@Test
		void conditionKeysMatchCaseInsensitively() {
			assertThat(evaluate(IP_POLICY, Map.of("AWS:SOURCEIP", "192.0.2.1"), null)).isEqualTo(PolicyDecision.ALLOW);
		}

		@Test
		void negatedOperatorHoldsWhenTheKeyIsMissing() {
			String policy = "{\"Statement\":{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\","
					+ "\"Condition\":{\"StringNotEquals\":{\"aws:SourceVpce\":\"vpce-1\"}}}}";
			assertThat(evaluate(policy, Map.of(), null)).isEqualTo(PolicyDecision.EXPLICIT_DENY);
			assertThat(evaluate(policy, Map.of("aws:SourceVpce", "vpce-1"), null)).isEqualTo(PolicyDecision.IMPLICIT_DENY);
		}

		@Test
		void stringLikeIfExistsAndNull() {
			String policy = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{"
					+ "\"StringLikeIfExists\":{\"aws:UserAgent\":\"curl/*\"},\"Null\":{\"aws:SourceVpce\":\"true\"}}}}";
			assertThat(evaluate(policy, Map.of(), null)).isEqualTo(PolicyDecision.ALLOW);
			assertThat(evaluate(policy, Map.of("aws:UserAgent", "curl/8.0"), null)).isEqualTo(PolicyDecision.ALLOW);
			assertThat(evaluate(policy, Map.of("aws:UserAgent", "wget"), null)).isEqualTo(PolicyDecision.IMPLICIT_DENY);
			assertThat(evaluate(policy, Map.of("aws:SourceVpce", "vpce-1"), null))
				.isEqualTo(PolicyDecision.IMPLICIT_DENY);
		}

		@Test
		void unknownOperatorFailsClosed() {
			String allow = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
					+ "\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"2999-01-01T00:00:00Z\"}}}}";
			assertThat(evaluate(allow, Map.of("aws:CurrentTime", "2026-01-01T00:00:00Z"), null))
				.isEqualTo(PolicyDecision.IMPLICIT_DENY);
			String deny = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
					+ "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\","
					+ "\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"2000-01-01T00:00:00Z\"}}}]}";
			assertThat(evaluate(deny, Map.of("aws:CurrentTime", "2026-01-01T00:00:00Z"), null))
				.isEqualTo(PolicyDecision.EXPLICIT_DENY);
		}

	}

	@Nested
	class Principals {

		private static final String POLICY = "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
				+ "[\"arn:aws:iam::111122223333:user/alice\",\"444455556666\"]},\"Action\":\"*\",\"Resource\":\"*\"}}";

		@Test
		void principalMatchesByArnOrAccount() {
			assertThat(evaluate(POLICY, Map.of(), "arn:aws:iam::111122223333:user/alice")).isEqualTo(PolicyDecision.ALLOW);
			assertThat(evaluate(POLICY, Map.of(), "arn:aws:iam::444455556666:user/bob")).isEqualTo(PolicyDecision.ALLOW);
			assertThat(evaluate(POLICY, Map.of(), "arn:aws:iam::111122223333:user/carol"))
				.isEqualTo(PolicyDecision.IMPLICIT_DENY);
		}

		@Test
		void anonymousCallerMatchesOnlyStar() {
			assertThat(evaluate(POLICY, Map.of(), null)).isEqualTo(PolicyDecision.IMPLICIT_DENY);
			assertThat(evaluate("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"*\","
					+ "\"Resource\":\"*\"}}", Map.of(), null)).isEqualTo(PolicyDecision.ALLOW);
		}

	}

	@Nested
	class Documents {

		@Test
		void invalidDocumentsAreRefused() {
			for (String invalid : List.of("not json", "[]", "{}", "{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
					"{\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]}",
					"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\"}]}",
					"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":{\"a\":1},\"Resource\":\"*\"}]}")) {
				assertThatExceptionOfType(PolicyException.class).as(invalid).isThrownBy(() -> PolicyDocument.parse(invalid));
			}
		}

		@Test
		void permissionsAnswerForAnyActionAndResource() {
			PolicyPermissions permissions = new PolicyPermissions(List.of(PolicyDocument.parse(
					"{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"execute-api:InvalidateCache\",\"Resource\":\"" + ARN + "\"}}")));
			assertThat(permissions.allows("execute-api:InvalidateCache", ARN)).isTrue();
			assertThat(permissions.allows("execute-api:Invoke", ARN)).isFalse();
		}

		@Test
		void identityPoliciesCombineDenyFirst() {
			PolicyDocument allow = PolicyDocument.parse("{\"Statement\":" + statement("Allow", "*") + "}");
			PolicyDocument deny = PolicyDocument.parse("{\"Statement\":" + statement("Deny", ARN) + "}");
			assertThat(PolicyDocument.evaluate(List.of(allow, deny), PolicyRequest.of("execute-api:Invoke", ARN)))
				.isEqualTo(PolicyDecision.EXPLICIT_DENY);
			assertThat(PolicyDocument.evaluate(List.of(), PolicyRequest.of("execute-api:Invoke", ARN)))
				.isEqualTo(PolicyDecision.IMPLICIT_DENY);
		}

	}

}
