package io.tollgate.model.v2;

import io.tollgate.model.ApiModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpRouteKeyTests {

	@Test
	void parsesVerbAndPath() {
		HttpRouteKey key = HttpRouteKey.parse("GET /pets/{id}");
		assertThat(key.method()).isEqualTo("GET");
		assertThat(key.path()).isEqualTo("/pets/{id}");
		assertThat(key.segments()).containsExactly("pets", "{id}");
		assertThat(key.isGreedy()).isFalse();
		assertThat(HttpRouteKey.parse("ANY /{proxy+}").isGreedy()).isTrue();
		assertThat(HttpRouteKey.parse("GET /").segments()).isEmpty();
		assertThat(HttpRouteKey.parse("$default").isDefault()).isTrue();
	}

	@Test
	void keysDifferingOnlyInParameterNamesHaveTheSameSignature() {
		assertThat(HttpRouteKey.parse("GET /pets/{id}").signature())
			.isEqualTo(HttpRouteKey.parse("GET /pets/{petId}").signature());
		assertThat(HttpRouteKey.parse("GET /pets/{id}").signature())
			.isNotEqualTo(HttpRouteKey.parse("POST /pets/{id}").signature());
		assertThat(HttpRouteKey.parse("GET /pets/{id}").signature())
			.isNotEqualTo(HttpRouteKey.parse("GET /pets/{proxy+}").signature());
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "/pets", "get /pets", "FETCH /pets", "GET pets", "GET /pets/", "GET /{proxy+}/x",
			"GET /pets//x", "GET /pe{t}s", "$connect", "" })
	void refusesInvalidKeys(String routeKey) {
		assertThatThrownBy(() -> HttpRouteKey.parse(routeKey)).isInstanceOf(ApiModelException.BadRequest.class);
	}

}
