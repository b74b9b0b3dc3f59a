package io.tollgate.routing;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RouteIndexTests {

	private static RouteIndex<String> index(String... keys) {
		RouteIndex.Builder<String> builder = RouteIndex.builder();
		for (String key : keys) {
			builder.put(RouteKey.parse(key), key);
		}
		return builder.build();
	}

	private static String routeOf(RouteIndex<String> index, String method, String path) {
		RouteIndex.Match<String> match = index.match(method, path);
		return (match != null) ? match.value() : null;
	}

	@Nested
	class Precedence {

		@Test
		void literalSegmentBeatsParameter() {
			RouteIndex<String> index = index("GET /pets/dog/{id}", "GET /pets/dog/1");
			assertThat(routeOf(index, "GET", "/pets/dog/1")).isEqualTo("GET /pets/dog/1");
			assertThat(routeOf(index, "GET", "/pets/dog/2")).isEqualTo("GET /pets/dog/{id}");
		}

		@Test
		void fullMatchBeatsGreedy() {
			RouteIndex<String> index = index("GET /pets/{proxy+}", "GET /pets/{id}");
			assertThat(routeOf(index, "GET", "/pets/1")).isEqualTo("GET /pets/{id}");
			assertThat(routeOf(index, "GET", "/pets/1/toys")).isEqualTo("GET /pets/{proxy+}");
		}

		@Test
		void longerLiteralPrefixWinsBetweenGreedyRoutes() {
			RouteIndex<String> index = index("ANY /{proxy+}", "GET /pets/{proxy+}");
			assertThat(routeOf(index, "GET", "/pets/cat/1")).isEqualTo("GET /pets/{proxy+}");
			assertThat(routeOf(index, "GET", "/toys/1")).isEqualTo("ANY /{proxy+}");
		}

		@Test
		void ownVerbBeatsAnyOnTheSamePath() {
			RouteIndex<String> index = index("ANY /pets", "POST /pets");
			assertThat(routeOf(index, "POST", "/pets")).isEqualTo("POST /pets");
			assertThat(routeOf(index, "DELETE", "/pets")).isEqualTo("ANY /pets");
		}

		@Test
		void aPathWithoutTheVerbFallsBackToALessSpecificRoute() {
			RouteIndex<String> index = index("GET /pets/{id}", "POST /{proxy+}");
			assertThat(routeOf(index, "POST", "/pets/1")).isEqualTo("POST /{proxy+}");
		}

		@Test
		void defaultCatchesEverythingUnmatched() {
			RouteIndex<String> index = index("GET /pets", "$default");
			assertThat(routeOf(index, "GET", "/pets")).isEqualTo("GET /pets");
			assertThat(routeOf(index, "DELETE", "/pets")).isEqualTo("$default");
			assertThat(routeOf(index, "OPTIONS", "/anything/else")).isEqualTo("$default");
		}

		@Test
		void withoutDefaultAnUnmatchedRequestHasNoRoute() {
			RouteIndex<String> index = index("GET /pets");
			assertThat(index.match("GET", "/cats")).isNull();
			assertThat(index.match("PUT", "/pets")).isNull();
		}

		@Test
		void greedyParameterNeedsAtLeastOneSegment() {
			RouteIndex<String> index = index("GET /pets/{proxy+}");
			assertThat(index.match("GET", "/pets")).isNull();
		}

		@Test
		void rootRoute() {
			RouteIndex<String> index = index("GET /", "GET /{proxy+}");
			assertThat(routeOf(index, "GET", "/")).isEqualTo("GET /");
			assertThat(routeOf(index, "GET", "/a")).isEqualTo("GET /{proxy+}");
		}

	}

	@Nested
	class PathParameters {

		@Test
		void parametersAreNamedByTheMatchedRoute() {
			RouteIndex<String> index = index("GET /pets/{id}", "DELETE /pets/{petId}");
			assertThat(index.match("GET", "/pets/7").rawPathParameters()).isEqualTo(Map.of("id", "7"));
			assertThat(index.match("DELETE", "/pets/7").rawPathParameters()).isEqualTo(Map.of("petId", "7"));
		}

		@Test
		void greedyParameterSpansTheRestWithoutLeadingSlash() {
			RouteIndex<String> index = index("ANY /agents/{proxy+}");
			RouteIndex.Match<String> match = index.match("GET", "/agents/hello/world");
			assertThat(match.rawPathParameters()).isEqualTo(Map.of("proxy", "hello/world"));
			assertThat(match.key().toString()).isEqualTo("ANY /agents/{proxy+}");
		}

		@Test
		void valuesStayEncoded() {
			RouteIndex<String> index = index("GET /pets/{id}");
			assertThat(index.match("GET", "/pets/a%20b").rawPathParameters()).isEqualTo(Map.of("id", "a%20b"));
		}

		@Test
		void defaultRouteHasNone() {
			RouteIndex<String> index = index("$default");
			assertThat(index.match("GET", "/x/y").rawPathParameters()).isEmpty();
		}

	}

	@Nested
	class Keys {

		@Test
		void keysDifferingOnlyInParameterNamesConflict() {
			RouteIndex.Builder<String> builder = RouteIndex.builder();
			builder.put(RouteKey.parse("GET /pets/{id}"), "a");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.put(RouteKey.parse("GET /pets/{petId}"), "b"));
		}

		@Test
		void invalidKeysAreRefused() {
			for (String key : new String[] { "GET", "FETCH /pets", "GET pets", "GET /{proxy+}/x", "GET /a//b",
					"GET /{}", "GET /pe{t}s", "$DEFAULT", "GET /{a}/{a}" }) {
				assertThatIllegalArgumentException().as(key).isThrownBy(() -> RouteKey.parse(key));
			}
		}

		@Test
		void keysReadBackAsWritten() {
			assertThat(RouteKey.parse("ANY /{proxy+}").toString()).isEqualTo("ANY /{proxy+}");
			assertThat(RouteKey.parse("$default").isDefault()).isTrue();
			assertThat(RouteKey.parse("GET /pets/{id}").parameterNames()).containsExactly(null, "id");
		}

	}

	@Nested
	class Stages {

		@Test
		void firstSegmentNamingAStageSelectsIt() {
			StageSelection selection = StageSelection.select(Set.of("dev", "$default"), "/dev/pets/1");
			assertThat(selection).isEqualTo(new StageSelection("dev", "/pets/1"));
		}

		@Test
		void otherwiseTheDefaultStageServesTheWholePath() {
			StageSelection selection = StageSelection.select(Set.of("dev", "$default"), "/pets/1");
			assertThat(selection).isEqualTo(new StageSelection("$default", "/pets/1"));
		}

		@Test
		void stageRootIsSlash() {
			assertThat(StageSelection.select(Set.of("dev"), "/dev")).isEqualTo(new StageSelection("dev", "/"));
		}

		@Test
		void withoutDefaultStageAnUnknownFirstSegmentSelectsNothing() {
			assertThat(StageSelection.select(Set.of("dev"), "/prod/pets")).isNull();
		}

		@Test
		void theDefaultStageIsNotAddressedByName() {
			assertThat(StageSelection.select(Set.of("$default"), "/$default/pets"))
				.isEqualTo(new StageSelection("$default", "/$default/pets"));
		}

	}

}
