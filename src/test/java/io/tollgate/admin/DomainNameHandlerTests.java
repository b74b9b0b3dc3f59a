package io.tollgate.admin;

import java.time.Duration;
import java.util.Map;

import io.tollgate.domain.DomainRegistry;
import io.tollgate.model.ApiDefinition;
import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestApis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.BasePathMapping;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateDomainNameResponse;
import software.amazon.awssdk.services.apigateway.model.DomainNameStatus;
import software.amazon.awssdk.services.apigateway.model.EndpointType;
import software.amazon.awssdk.services.apigateway.model.GetDomainNameResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The v1 custom domain operations through the AWS SDK, and requests routed by the domain's base path mappings.
 */
class DomainNameHandlerTests extends BaseAdminTests {

	private static final String CONTEXT_TEMPLATE = "{\"domainName\":\"$context.domainName\","
			+ "\"domainPrefix\":\"$context.domainPrefix\","
			+ "\"basePathMatched\":\"$context.customDomain.basePathMatched\",\"stage\":\"$context.stage\","
			+ "\"resourcePath\":\"$context.resourcePath\",\"path\":\"$context.path\",\"api\":\"$context.apiId\"}";

	@Autowired
	DomainRegistry domainRegistry;

	@Test
	void createGetListUpdateDeleteDomainNameThroughTheAwsSdk() {
		CreateDomainNameResponse created = this.apiGateway.createDomainName((r) -> r.domainName("API.Example.com")
			.regionalCertificateArn("arn:aws:acm:us-east-1:000000000000:certificate/example-com")
			.endpointConfiguration((e) -> e.types(EndpointType.REGIONAL))
			.tags(Map.of("team", "orders")));
		assertThat(created.domainName()).isEqualTo("api.example.com");
		assertThat(created.regionalDomainName()).matches("d-[a-z0-9]{10}\\.execute-api\\.us-east-1\\.amazonaws\\.com");
		assertThat(created.regionalHostedZoneId()).isNotBlank();
		assertThat(created.domainNameStatus()).isEqualTo(DomainNameStatus.AVAILABLE);
		assertThat(created.endpointConfiguration().types()).containsExactly(EndpointType.REGIONAL);
		assertThat(created.securityPolicyAsString()).isEqualTo("TLS_1_2");
		assertThat(created.tags()).containsEntry("team", "orders");

		assertThatThrownBy(() -> this.apiGateway.createDomainName((r) -> r.domainName("api.example.com")))
			.isInstanceOf(ConflictException.class);
		assertThat(this.apiGateway.getDomainNames((r) -> { }).items())
			.extracting(software.amazon.awssdk.services.apigateway.model.DomainName::domainName)
			.contains("api.example.com");

		this.apiGateway.updateDomainName((r) -> r.domainName("api.example.com")
			.patchOperations((p) -> p.op(Op.REPLACE).path("/mutualTlsAuthentication/truststoreUri")
				.value("file:/etc/tollgate/truststores/partners.pem")));
		GetDomainNameResponse fetched = this.apiGateway.getDomainName((r) -> r.domainName("api.example.com"));
		assertThat(fetched.mutualTlsAuthentication().truststoreUri())
			.isEqualTo("file:/etc/tollgate/truststores/partners.pem");
		assertThat(fetched.regionalCertificateArn()).endsWith("certificate/example-com");

		this.apiGateway.deleteDomainName((r) -> r.domainName("api.example.com"));
		assertThatThrownBy(() -> this.apiGateway.getDomainName((r) -> r.domainName("api.example.com")))
			.isInstanceOf(NotFoundException.class);
	}

	@Test
	void invalidDomainNameOrS3TruststoreIsBadRequest() {
		assertThatThrownBy(() -> this.apiGateway.createDomainName((r) -> r.domainName("not a domain")))
			.isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> this.apiGateway.createDomainName((r) -> r.domainName("mtls.example.com")
			.mutualTlsAuthentication((m) -> m.truststoreUri("s3://bucket/truststore.pem"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("not from S3");
	}

	@Test
	void basePathMappingsAreOneLevelWithNoneForTheRoot() {
		ApiDefinition api = serveContextApi("bpm1");
		this.apiGateway.createDomainName((r) -> r.domainName("bpm.example.com"));
		BasePathMapping root = mapping(this.apiGateway.createBasePathMapping(
				(r) -> r.domainName("bpm.example.com").restApiId(api.id()).stage("prod")));
		assertThat(root.basePath()).isEqualTo("(none)");
		this.apiGateway.createBasePathMapping(
				(r) -> r.domainName("bpm.example.com").basePath("orders").restApiId(api.id()).stage("prod"));
		assertThatThrownBy(() -> this.apiGateway.createBasePathMapping(
				(r) -> r.domainName("bpm.example.com").basePath("orders/v2").restApiId(api.id()).stage("prod")))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("API Gateway V2");
		assertThatThrownBy(() -> this.apiGateway.createBasePathMapping(
				(r) -> r.domainName("bpm.example.com").basePath("orders").restApiId(api.id()).stage("prod")))
			.isInstanceOf(ConflictException.class);
		assertThatThrownBy(() -> this.apiGateway.createBasePathMapping(
				(r) -> r.domainName("bpm.example.com").basePath("nostage").restApiId(api.id()).stage("nope")))
			.isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> this.apiGateway.createBasePathMapping(
				(r) -> r.domainName("bpm.example.com").basePath("noapi").restApiId("nosuchapi").stage("prod")))
			.isInstanceOf(BadRequestException.class);

		assertThat(this.apiGateway.getBasePathMappings((r) -> r.domainName("bpm.example.com")).items())
			.extracting(BasePathMapping::basePath)
			.containsExactly("(none)", "orders");
		assertThat(this.apiGateway.getBasePathMapping((r) -> r.domainName("bpm.example.com").basePath("(none)"))
			.restApiId()).isEqualTo(api.id());
		this.apiGateway.updateBasePathMapping((r) -> r.domainName("bpm.example.com").basePath("orders")
			.patchOperations((p) -> p.op(Op.REPLACE).path("/basePath").value("shop")));
		assertThat(this.apiGateway.getBasePathMapping((r) -> r.domainName("bpm.example.com").basePath("shop"))
			.stage()).isEqualTo("prod");
		this.apiGateway.deleteBasePathMapping((r) -> r.domainName("bpm.example.com").basePath("shop"));
		assertThatThrownBy(() -> this.apiGateway
			.getBasePathMapping((r) -> r.domainName("bpm.example.com").basePath("shop")))
			.isInstanceOf(NotFoundException.class);
	}

	@Test
	void requestToTheDomainIsRoutedByItsBasePathWithTheContextOfTheDomain() {
		ApiDefinition api = serveContextApi("bpm2");
		this.apiGateway.createDomainName((r) -> r.domainName("shop.example.com"));
		this.apiGateway.createBasePathMapping(
				(r) -> r.domainName("shop.example.com").basePath("orders").restApiId(api.id()).stage("prod"));
		awaitMappings("shop.example.com", 1);

		this.client.get()
			.uri("/orders/pets/7")
			.header(HttpHeaders.HOST, "shop.example.com")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.domainName").isEqualTo("shop.example.com")
			.jsonPath("$.domainPrefix").isEqualTo("shop")
			.jsonPath("$.basePathMatched").isEqualTo("orders")
			.jsonPath("$.stage").isEqualTo("prod")
			.jsonPath("$.resourcePath").isEqualTo("/pets/{petId}")
			.jsonPath("$.path").isEqualTo("/orders/pets/7")
			.jsonPath("$.api").isEqualTo(api.id());
		// No mapping matches: 403 Forbidden, as AWS answers.
		this.client.get()
			.uri("/customers/1")
			.header(HttpHeaders.HOST, "shop.example.com")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals("x-amzn-ErrorType", "ForbiddenException")
			.expectBody()
			.json("{\"message\":\"Forbidden\"}");
		// A base path is a whole segment.
		this.client.get()
			.uri("/ordersx/pets/7")
			.header(HttpHeaders.HOST, "shop.example.com")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void basePathMappingWithoutStageTakesTheStageFromThePath() {
		ApiDefinition api = serveContextApi("bpm3");
		this.apiGateway.createDomainName((r) -> r.domainName("nostage.example.com"));
		this.apiGateway.createBasePathMapping(
				(r) -> r.domainName("nostage.example.com").basePath("shop").restApiId(api.id()));
		awaitMappings("nostage.example.com", 1);
		this.client.get()
			.uri("/shop/prod/pets/3")
			.header(HttpHeaders.HOST, "nostage.example.com:443")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.stage").isEqualTo("prod")
			.jsonPath("$.resourcePath").isEqualTo("/pets/{petId}");
	}

	@Test
	void disableExecuteApiEndpointAnswers403AtTheExecuteApiUrlButServesTheDomain() {
		ApiDefinition api = serveContextApi("bpm4");
		this.apiGateway.createDomainName((r) -> r.domainName("only.example.com"));
		this.apiGateway.createBasePathMapping(
				(r) -> r.domainName("only.example.com").restApiId(api.id()).stage("prod"));
		awaitMappings("only.example.com", 1);
		this.client.get()
			.uri("/prod/pets/1")
			.header(HttpHeaders.HOST, api.id() + ".execute-api.us-east-1.amazonaws.com")
			.exchange()
			.expectStatus()
			.isOk();

		this.apiGateway.updateRestApi((r) -> r.restApiId(api.id())
			.patchOperations((p) -> p.op(Op.REPLACE).path("/disableExecuteApiEndpoint").value("true")));
		assertThat(this.apiGateway.getRestApi((r) -> r.restApiId(api.id())).disableExecuteApiEndpoint()).isTrue();
		this.apiGateway.createDeployment((r) -> r.restApiId(api.id()).stageName("prod"));
		Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> this.client.get()
			.uri("/prod/pets/1")
			.header(HttpHeaders.HOST, api.id() + ".execute-api.us-east-1.amazonaws.com")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals("x-amzn-ErrorType", "ForbiddenException")
			.expectBody()
			.json("{\"message\":\"Forbidden\"}"));
		this.client.get()
			.uri("/pets/1")
			.header(HttpHeaders.HOST, "only.example.com")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.basePathMatched").isEqualTo("");
	}

	private ApiDefinition serveContextApi(String id) {
		ApiDefinition api = TestApis.withMethod(TestApis.api(id), "/pets/{petId}",
				TestApis.method("GET", TestApis.mock(CONTEXT_TEMPLATE)));
		return serve(TestApis.deploy(api, "d1", "prod", Map.of()));
	}

	private void awaitMappings(String domainName, int count) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.domainRegistry.domain(domainName) != null
					&& this.domainRegistry.domain(domainName).apiMappings().size() == count);
	}

	private static BasePathMapping mapping(
			software.amazon.awssdk.services.apigateway.model.CreateBasePathMappingResponse created) {
		return BasePathMapping.builder()
			.basePath(created.basePath())
			.restApiId(created.restApiId())
			.stage(created.stage())
			.build();
	}

}
