package io.tollgate.pipeline;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineOrderTests {

	private static final List<String> WEB_FILTERS = List.of("EXCHANGE_COMPLETION", "INVOKE_REQUEST");

	@Test
	void everyStepOfTheGatewayFilterChainHasAnOrderOfItsOwn() {
		Map<String, Integer> steps = orders(false);
		assertThat(steps).containsKeys("GATEWAY_RESPONSE", "RESOURCE_POLICY", "INTEGRATION");
		assertThat(steps.values()).doesNotHaveDuplicates();
	}

	@Test
	void theWebFiltersHaveOrdersOfTheirOwn() {
		assertThat(orders(true).values()).hasSize(WEB_FILTERS.size()).doesNotHaveDuplicates();
	}

	@Test
	void theIntegrationRunsLastAndTheGatewayResponseFirst() {
		Map<String, Integer> steps = orders(false);
		assertThat(steps.values()).allSatisfy((order) -> assertThat(order)
			.isBetween(PipelineOrder.GATEWAY_RESPONSE, PipelineOrder.INTEGRATION));
	}

	private static Map<String, Integer> orders(boolean webFilters) {
		return Arrays.stream(PipelineOrder.class.getDeclaredFields())
			.filter((field) -> Modifier.isStatic(field.getModifiers()) && field.getType() == int.class)
			.filter((field) -> WEB_FILTERS.contains(field.getName()) == webFilters)
			.collect(Collectors.toMap(Field::getName, PipelineOrderTests::value));
	}

	private static int value(Field field) {
		try {
			return field.getInt(null);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
