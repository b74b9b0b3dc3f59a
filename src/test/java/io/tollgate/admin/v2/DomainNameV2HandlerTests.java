package io.tollgate.admin.v2;

import java.time.Duration;
import java.util.Map;

import io.tollgate.domain.DomainRegistry;
import io.tollgate.model.ApiDefinition;
import io.tollgate.test.BaseV2AdminTests;
import io.tollgate.test.TestApis;
import io.tollgate.websocket.WebSocketStages;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.ApiMapping;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.ConflictException;
import software.amazon.awssdk.services.apigatewayv2.model.CreateApiMappingResponse;
import software.amazon.awssdk.services.apigatewayv2.model.CreateDomainNameResponse;
import software.amazon.awssdk.services.apigatewayv2.model.DomainNameStatus;
import software.amazon.awssdk.services.apigatewayv2.model.EndpointType;
import software.amazon.awssdk.services.apigatewayv2.model.GetApiMappingsResponse;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.SecurityPolicy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The v2 custom domain and API mapping operations through the AWS SDK's {@link ApiGatewayV2Client}, and requests
 * routed by multi-level API mappings to REST APIs, the longest matching key winning.
 */
class DomainNameV2HandlerTests extends BaseV2AdminTests {

	@Autowired
	DomainRegistry domainRegistry;

	@Autowired
	WebSocketStages webSocketStages;

	@Test
	void createGetListUpdateDeleteDomainNameThroughTheAwsSdk() {
		CreateDomainNameResponse created = this.v2.createDomainName((r) -> r.domainName("v2.example.com")
			.domainNameConfigurations((c) -> c.certificateArn("arn:aws:acm:us-east-1:000000000000:certificate/v2")
				.endpointType(EndpointType.REGIONAL)
				.securityPolicy(SecurityPolicy.TLS_1_2))
			.tags(Map.of("team", "orders")));
		assertThat(created.domainName()).isEqualTo("v2.example.com");
		assertThat(created.apiMappingSelectionExpression()).isEqualTo("$request.basepath");
		assertThat(created.domainNameConfigurations()).singleElement().satisfies((configuration) -> {
			assertThat(configuration.apiGatewayDomainName()).matches("d-[a-z0-9]{10}\\.execute-api\\..*");
			assertThat(configuration.certificateArn()).endsWith("certificate/v2");
			assertThat(configuration.domainNameStatus()).isEqualTo(DomainNameStatus.AVAILABLE);
			assertThat(configuration.endpointType()).isEqualTo(EndpointType.REGIONAL);
			assertThat(configuration.securityPolicy()).isEqualTo(SecurityPolicy.TLS_1_2);
		});
		assertThat(created.tags()).containsEntry("team", "orders");
		assertThatThrownBy(() -> this.v2.createDomainName((r) -> r.domainName("v2.example.com")))
			.isInstanceOf(ConflictException.class);

		this.v2.updateDomainName((r) -> r.domainName("v2.example.com")
			.mutualTlsAuthentication((m) -> m.truststoreUri("partners")));
		assertThat(this.v2.getDomainName((r) -> r.domainName("v2.example.com")).mutualTlsAuthentication()
			.truststoreUri()).isEqualTo("partners");
		assertThat(this.v2.getDomainNames((r) -> { }).items()).extracting((domain) -> domain.domainName())
			.contains("v2.example.com");

		this.v2.deleteDomainName((r) -> r.domainName("v2.example.com"));
		assertThatThrownBy(() -> this.v2.getDomainName((r) -> r.domainName("v2.example.com")))
			.isInstanceOf(NotFoundException.class);
	}

	@Test
	void listingsArePagedWithNextToken() {
		for (String name : new String[] { "page1.example.com", "page2.example.com", "page3.example.com" }) {
			this.v2.createDomainName((r) -> r.domainName(name));
		}
		var first = this.v2.getDomainNames((r) -> r.maxResults("2"));
		assertThat(first.items()).hasSize(2);
		assertThat(first.nextToken()).isNotBlank();
		var second = this.v2.getDomainNames((r) -> r.maxResults("2").nextToken(first.nextToken()));
		assertThat(second.items()).isNotEmpty();
		assertThat(second.items().get(0).domainName()).isGreaterThan(first.items().get(1).domainName());
		assertThatThrownBy(() -> this.v2.getDomainNames((r) -> r.maxResults("0")))
			.isInstanceOf(BadRequestException.class);
	}

	@Test
	void apiMappingsAreMultiLevelAndTheLongestMatchingKeyWins() {
		ApiDefinition api1 = serveNamedApi("ml1");
		ApiDefinition api2 = serveNamedApi("ml2");
		ApiDefinition api3 = serveNamedApi("ml3");
		ApiDefinition api4 = serveNamedApi("ml4");
		this.v2.createDomainName((r) -> r.domainName("multi.example.com"));
		// AWS's example (http-api-mappings.html).
		CreateApiMappingResponse root = this.v2.createApiMapping(
				(r) -> r.domainName("multi.example.com").apiId(api1.id()).stage("prod").apiMappingKey(""));
		assertThat(root.apiMappingKey()).isEmpty();
		assertThat(root.apiMappingId()).isNotBlank();
		this.v2.createApiMapping((r) -> r.domainName("multi.example.com").apiId(api2.id()).stage("prod")
			.apiMappingKey("orders/v1/items"));
		this.v2.createApiMapping((r) -> r.domainName("multi.example.com").apiId(api3.id()).stage("prod")
			.apiMappingKey("orders/v2/items"));
		CreateApiMappingResponse deepest = this.v2.createApiMapping((r) -> r.domainName("multi.example.com")
			.apiId(api4.id())
			.stage("prod")
			.apiMappingKey("orders/v2/items/categories"));
		assertThatThrownBy(() -> this.v2.createApiMapping((r) -> r.domainName("multi.example.com")
			.apiId(api4.id())
			.stage("prod")
			.apiMappingKey("orders/v2/items")))
			.isInstanceOf(ConflictException.class);
		assertThatThrownBy(() -> this.v2.createApiMapping(
				(r) -> r.domainName("multi.example.com").apiId("nosuchapi").stage("prod").apiMappingKey("x")))
			.isInstanceOf(NotFoundException.class);
		GetApiMappingsResponse mappings = this.v2.getApiMappings((r) -> r.domainName("multi.example.com"));
		assertThat(mappings.items()).extracting(ApiMapping::apiMappingKey)
			.containsExactlyInAnyOrder("", "orders/v1/items", "orders/v2/items", "orders/v2/items/categories");
		assertThat(this.v2.getApiMapping((r) -> r.domainName("multi.example.com")
			.apiMappingId(deepest.apiMappingId())).apiId()).isEqualTo(api4.id());
		awaitMappings("multi.example.com", 4);

		assertServedBy("/orders/v1/items/123", api2, "orders/v1/items", "/123");
		assertServedBy("/orders/v2/items/categories/5", api4, "orders/v2/items/categories", "/5");
		assertServedBy("/orders/v2/items/9", api3, "orders/v2/items", "/9");
		assertServedBy("/customers", api1, "", "/customers");

		this.v2.updateApiMapping((r) -> r.domainName("multi.example.com")
			.apiMappingId(deepest.apiMappingId())
			.apiMappingKey("catalog"));
		this.v2.deleteApiMapping((r) -> r.domainName("multi.example.com").apiMappingId(root.apiMappingId()));
		awaitMappings("multi.example.com", 3);
		assertServedBy("/catalog/7", api4, "catalog", "/7");
		this.client.get()
			.uri("/customers")
			.header(HttpHeaders.HOST, "multi.example.com")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void apiMappingsMayTargetHttpAndWebSocketApis() {
		String httpApi = this.v2.createApi((r) -> r.name("mapped").protocolType("HTTP")).apiId();
		this.v2.createStage((r) -> r.apiId(httpApi).stageName("$default"));
		String webSocketApi = webSocketApi("mapped-ws", "prod");
		this.v2.createDomainName((r) -> r.domainName("v2apis.example.com"));
		this.v2.createDomainName((r) -> r.domainName("v2ws.example.com"));
		CreateApiMappingResponse http = this.v2.createApiMapping((r) -> r.domainName("v2apis.example.com")
			.apiId(httpApi)
			.stage("$default")
			.apiMappingKey("orders/v2"));
		assertThat(http.apiId()).isEqualTo(httpApi);
		assertThat(http.stage()).isEqualTo("$default");
		CreateApiMappingResponse chat = this.v2.createApiMapping((r) -> r.domainName("v2ws.example.com")
			.apiId(webSocketApi)
			.stage("prod")
			.apiMappingKey("chat"));
		assertThat(chat.apiMappingKey()).isEqualTo("chat");
		assertThatThrownBy(() -> this.v2.createApiMapping((r) -> r.domainName("v2apis.example.com")
			.apiId(httpApi)
			.stage("nostage")
			.apiMappingKey("other"))).isInstanceOf(BadRequestException.class);
	}

	@Test
	void aWebSocketApiSharesADomainOnlyWithWebSocketApis() {
		ApiDefinition rest = serveNamedApi("wsmix");
		String httpApi = this.v2.createApi((r) -> r.name("mix-http").protocolType("HTTP")).apiId();
		this.v2.createStage((r) -> r.apiId(httpApi).stageName("$default"));
		String chat = webSocketApi("mix-chat", "prod");
		String feed = webSocketApi("mix-feed", "live");
		this.v2.createDomainName((r) -> r.domainName("mixed-rest.example.com"));
		this.v2.createDomainName((r) -> r.domainName("mixed-ws.example.com"));
		this.v2.createApiMapping((r) -> r.domainName("mixed-rest.example.com").apiId(rest.id()).stage("prod")
			.apiMappingKey("rest"));
		this.v2.createApiMapping((r) -> r.domainName("mixed-rest.example.com").apiId(httpApi).stage("$default")
			.apiMappingKey("http"));
		assertMixRefused(() -> this.v2.createApiMapping((r) -> r.domainName("mixed-rest.example.com")
			.apiId(chat)
			.stage("prod")
			.apiMappingKey("chat")));

		CreateApiMappingResponse chatMapping = this.v2.createApiMapping((r) -> r.domainName("mixed-ws.example.com")
			.apiId(chat)
			.stage("prod"));
		this.v2.createApiMapping((r) -> r.domainName("mixed-ws.example.com").apiId(feed).stage("live")
			.apiMappingKey("feed"));
		assertMixRefused(() -> this.v2.createApiMapping((r) -> r.domainName("mixed-ws.example.com")
			.apiId(httpApi)
			.stage("$default")
			.apiMappingKey("http")));
		assertMixRefused(() -> this.v2.createApiMapping((r) -> r.domainName("mixed-ws.example.com")
			.apiId(rest.id())
			.stage("prod")
			.apiMappingKey("rest")));
		assertMixRefused(() -> this.v2.updateApiMapping((r) -> r.domainName("mixed-ws.example.com")
			.apiMappingId(chatMapping.apiMappingId())
			.apiId(httpApi)
			.stage("$default")));
		// v1 maps neither a WebSocket API nor anything onto a WebSocket domain.
		assertMixRefused(() -> this.apiGateway.createBasePathMapping((r) -> r.domainName("mixed-ws.example.com")
			.restApiId(rest.id())
			.stage("prod")
			.basePath("rest")));
		this.apiGateway.createDomainName((r) -> r.domainName("v1-ws.example.com"));
		assertMixRefused(() -> this.apiGateway.createBasePathMapping((r) -> r.domainName("v1-ws.example.com")
			.restApiId(chat)
			.stage("prod")));
		assertThat(this.v2.getApiMappings((r) -> r.domainName("mixed-ws.example.com")).items())
			.extracting(ApiMapping::apiId)
			.containsExactlyInAnyOrder(chat, feed);
	}

	@Test
	void aRestApiBehindACustomDomainIsServedAlikeWhileTheWebSocketMappingLooksAtEveryRequest() {
		// A WebSocket API served: its handler mapping resolves every request's domain first, the routes reuse it.
		String chat = webSocketApi("once-chat", "prod");
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.webSocketStages.isWebSocketApi(chat));
		ApiDefinition api = serveNamedApi("once1");
		this.v2.createDomainName((r) -> r.domainName("once.example.com"));
		this.v2.createApiMapping((r) -> r.domainName("once.example.com").apiId(api.id()).stage("prod")
			.apiMappingKey("orders/v1"));
		awaitMappings("once.example.com", 1);
		assertServedBy("once.example.com", "/orders/v1/items/7", api, "orders/v1", "/items/7");
		this.client.get()
			.uri("/customers")
			.header(HttpHeaders.HOST, "once.example.com")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void aWebSocketApiMappingKeyHasNoSlash() {
		String chat = webSocketApi("slash-chat", "prod");
		this.v2.createDomainName((r) -> r.domainName("slash-ws.example.com"));
		assertThatThrownBy(() -> this.v2.createApiMapping((r) -> r.domainName("slash-ws.example.com")
			.apiId(chat)
			.stage("prod")
			.apiMappingKey("chat/v1"))).isInstanceOfSatisfying(BadRequestException.class,
					(refused) -> assertThat(refused.awsErrorDetails().errorMessage())
						.isEqualTo("An ApiMapping key may contain only letters, numbers and one of $-_.+!*'()"));
		CreateApiMappingResponse mapping = this.v2.createApiMapping((r) -> r.domainName("slash-ws.example.com")
			.apiId(chat)
			.stage("prod")
			.apiMappingKey("chat-v1"));
		assertThatThrownBy(() -> this.v2.updateApiMapping((r) -> r.domainName("slash-ws.example.com")
			.apiMappingId(mapping.apiMappingId())
			.apiMappingKey("chat/v2"))).isInstanceOf(BadRequestException.class);
	}

	private static void assertMixRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
		assertThatThrownBy(call).isInstanceOfSatisfying(software.amazon.awssdk.awscore.exception.AwsServiceException.class,
				(refused) -> {
					assertThat(refused.statusCode()).isEqualTo(400);
					assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("BadRequestException");
					assertThat(refused.awsErrorDetails().errorMessage())
						.contains("WebSocket APIs can only be attached to a domain name with other WebSocket APIs");
				});
	}

	private String webSocketApi(String name, String stage) {
		String apiId = this.v2.createApi((r) -> r.name(name)
			.protocolType("WEBSOCKET")
			.routeSelectionExpression("$request.body.action")).apiId();
		this.v2.createStage((r) -> r.apiId(apiId).stageName(stage));
		return apiId;
	}

	private void assertServedBy(String path, ApiDefinition api, String basePathMatched, String proxyPath) {
		assertServedBy("multi.example.com", path, api, basePathMatched, proxyPath);
	}

	private void assertServedBy(String host, String path, ApiDefinition api, String basePathMatched,
			String proxyPath) {
		this.client.get()
			.uri(path)
			.header(HttpHeaders.HOST, host)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.api").isEqualTo(api.id())
			.jsonPath("$.basePathMatched").isEqualTo(basePathMatched)
			.jsonPath("$.proxy").isEqualTo(proxyPath.substring(1));
	}

	private ApiDefinition serveNamedApi(String id) {
		ApiDefinition api = TestApis.withMethod(TestApis.api(id), "/{proxy+}", TestApis.method("GET",
				TestApis.mock("{\"api\":\"$context.apiId\",\"proxy\":\"$input.params('proxy')\","
						+ "\"basePathMatched\":\"$context.customDomain.basePathMatched\"}")));
		return serve(TestApis.deploy(api, "d1", "prod", Map.of()));
	}

	private void awaitMappings(String domainName, int count) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.domainRegistry.domain(domainName) != null
					&& this.domainRegistry.domain(domainName).apiMappings().size() == count);
	}

}
