package io.tollgate.websocket;

import io.tollgate.usage.RouteThrottle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Route selection expressions as AWS's WebSocket guide describes them. */
class SelectionExpressionTests {

	@Test
	void aBodyPathSelectsItsValue() {
		assertThat(SelectionExpression.parse("$request.body.action").evaluate("{\"action\":\"join\"}"))
			.isEqualTo("join");
		assertThat(SelectionExpression.parse("$request.body.message.type").evaluate("{\"message\":{\"type\":3}}"))
			.isEqualTo("3");
		assertThat(SelectionExpression.parse("$request.body.items[1]").evaluate("{\"items\":[\"a\",\"b\"]}"))
			.isEqualTo("b");
	}

	@Test
	void bracedVariablesCombineWithStaticText() {
		assertThat(SelectionExpression.parse("${request.body.service}/${request.body.action}")
			.evaluate("{\"service\":\"chat\",\"action\":\"send\"}")).isEqualTo("chat/send");
	}

	@Test
	void aMissingPathIsEmptyAndAListIsStringified() {
		SelectionExpression expression = SelectionExpression.parse("$request.body.action");
		assertThat(expression.evaluate("{\"other\":1}")).isEmpty();
		assertThat(expression.evaluate("{\"action\":[\"item1\",\"item2\"]}")).isEqualTo("[item1, item2]");
	}

	@Test
	void textThatIsNotJsonSelectsNothing() {
		assertThat(SelectionExpression.parse("$request.body.action").evaluate("hello")).isNull();
		assertThat(SelectionExpression.parse("$request.body.action").evaluate("")).isNull();
	}

	@Test
	void anEscapedDollarIsLiteralAndTheResultIsNotEvaluatedAgain() {
		assertThat(SelectionExpression.parse("\\$default").evaluate("not json")).isEqualTo("$default");
		assertThat(SelectionExpression.parse("$request.body.action").evaluate("{\"action\":\"$request.body.x\"}"))
			.isEqualTo("$request.body.x");
	}

	@Test
	void onlyTheBodyCanBeRead() {
		assertThatIllegalArgumentException().isThrownBy(() -> SelectionExpression.parse("$request.header.x"));
	}

	@Test
	void aStageSendsAMessageSelectingAPredefinedKeyToDefault() {
		WebSocketRoute fallback = new WebSocketRoute("$default", null, false, RouteThrottle.UNLIMITED);
		WebSocketStage stage = new WebSocketStage("a", "s", "d", SelectionExpression.parse("$request.body.action"),
				java.util.Map.of("$default", fallback, "$connect",
						new WebSocketRoute("$connect", null, false, RouteThrottle.UNLIMITED)),
				java.util.Map.of(), ConnectAuthorization.NONE, RouteThrottle.UNLIMITED, null,
				false);
		assertThat(stage.select("{\"action\":\"$connect\"}")).isSameAs(fallback);
	}

}
