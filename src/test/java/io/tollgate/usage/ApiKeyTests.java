package io.tollgate.usage;

import java.util.HashSet;
import java.util.Set;

import io.tollgate.model.ApiModelException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyTests {

	@Test
	void generatedValuesAre40DistinctAlphanumerics() {
		Set<String> values = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String value = ApiKey.generateValue();
			assertThat(value).matches("[A-Za-z0-9]{40}");
			values.add(value);
		}
		assertThat(values).hasSize(1000);
	}

	@Test
	void valueOf20To128AlphanumericsIsAccepted() {
		assertThat(ApiKey.checkValue("a".repeat(20))).hasSize(20);
		assertThat(ApiKey.checkValue("Z9".repeat(64))).hasSize(128);
	}

	@Test
	void refusedValuesAreNotQuotedInTheMessage() {
		assertThatThrownBy(() -> ApiKey.checkValue("secret1234567890123"))
			.isInstanceOf(ApiModelException.BadRequest.class)
			.hasMessage("API Key value should be at least 20 characters");
		assertThatThrownBy(() -> ApiKey.checkValue("secret".repeat(22)))
			.hasMessage("API Key value exceeds maximum size of 128 characters");
		assertThatThrownBy(() -> ApiKey.checkValue("secret12345678901234_"))
			.hasMessage("API Key value should contain only alphanumeric characters");
	}

	@Test
	void toStringLeavesTheValueOut() {
		ApiKey key = TestUsage.apiKey("alice");
		assertThat(key.toString()).contains(key.id()).doesNotContain(key.value());
		assertThat(UsagePlanKey.of(key).toString()).contains(key.id()).doesNotContain(key.value());
	}

	@Test
	void emptyNameIsNoNameAndTooLongANameIsRefused() {
		ApiKey key = TestUsage.apiKey("alice");
		assertThat(key.withSettings("", null, true, null, key.stageKeys(), key.createdDate()).name()).isNull();
		assertThatThrownBy(() -> key.withSettings("n".repeat(1025), null, true, null, key.stageKeys(),
				key.createdDate()))
			.hasMessage("Invalid API Key name, can be at most 1024 characters.");
	}

}
