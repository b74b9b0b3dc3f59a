package io.tollgate.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvokeTargetTests {

	@Test
	void hostStyleTakesTheApiFromTheHostAndTheStageFromThePath() {
		assertThat(InvokeTarget.parse("abc123.execute-api.us-east-1.amazonaws.com", "/prod/pets/1", null))
			.isEqualTo(new InvokeTarget("abc123", "prod", "/pets/1"));
		assertThat(InvokeTarget.parse("abc123.execute-api.localhost:8080", "/prod", null))
			.isEqualTo(new InvokeTarget("abc123", "prod", "/"));
	}

	@Test
	void pathStyleTakesApiAndStageFromThePath() {
		assertThat(InvokeTarget.parse("localhost:8080", "/restapis/abc123/prod/_user_request_/pets/1", null))
			.isEqualTo(new InvokeTarget("abc123", "prod", "/pets/1"));
		assertThat(InvokeTarget.parse("localhost", "/restapis/abc123/prod/_user_request_", null))
			.isEqualTo(new InvokeTarget("abc123", "prod", "/"));
		assertThat(InvokeTarget.parse("localhost", "/restapis/abc123/prod/pets", null)).isNull();
		assertThat(InvokeTarget.parse("localhost", "/restapis/abc123/prod/_user_request_x", null)).isNull();
	}

	@Test
	void defaultApiServesStageAndPath() {
		assertThat(InvokeTarget.parse("localhost", "/prod/pets", "petstore"))
			.isEqualTo(new InvokeTarget("petstore", "prod", "/pets"));
		assertThat(InvokeTarget.parse("localhost", "/prod/pets", null)).isNull();
		assertThat(InvokeTarget.parse("localhost", "/", "petstore")).isNull();
	}

}
