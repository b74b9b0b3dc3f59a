package io.tollgate.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.tollgate.domain.DomainRegistry;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationType;
import io.tollgate.test.BaseV2AdminTests;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestCertificates;
import io.tollgate.test.TestCertificates.Issued;
import io.tollgate.test.TestDomainWebSocket;
import io.tollgate.test.TestLambdaServer;
import io.tollgate.test.TestWebSocketApis;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS on the data port over real TLS connections: a certificate per custom domain chosen by SNI, certificate
 * files replaced and served without a restart, and mutual TLS per domain. Certificates are made in the test (Bouncy
 * Castle) and configured as Spring Boot PEM SSL bundles, as the Helm chart mounts them.
 */
@TestPropertySource(properties = { "tollgate.tls.enabled=true", "tollgate.tls.default-certificate=default",
		"spring.ssl.bundle.watch.file.quiet-period=50ms" })
class DataPortTlsTests extends BaseV2AdminTests {

	static final Path DIR = tempDirectory();

	static final Issued CA = TestCertificates.authority("Tollgate Test Server CA");

	static final Issued PARTNERS_CA = TestCertificates.authority("Partners CA");

	static final Issued OTHER_CA = TestCertificates.authority("Someone Else's CA");

	@RegisterExtension
	static final TestLambdaServer LAMBDA = new TestLambdaServer().start();

	private static final String CLIENT_CERT_TEMPLATE = "{\"subjectDN\":\"$context.identity.clientCert.subjectDN\","
			+ "\"issuerDN\":\"$context.identity.clientCert.issuerDN\","
			+ "\"serialNumber\":\"$context.identity.clientCert.serialNumber\","
			+ "\"notAfter\":\"$context.identity.clientCert.validity.notAfter\","
			+ "\"domainName\":\"$context.domainName\"}";

	@Autowired
	DomainRegistry domainRegistry;

	@DynamicPropertySource
	static void certificates(DynamicPropertyRegistry registry) {
		registry.add("tollgate.lambda.endpoint", () -> LAMBDA.endpoint().toString());
		registry.add("tollgate.lambda.access-key-id", () -> "AKIDLAMBDA");
		registry.add("tollgate.lambda.secret-access-key", () -> "lambda-secret");
		for (String name : List.of("default", "alpha", "beta")) {
			String host = name.equals("default") ? "localhost" : name + ".example.com";
			TestCertificates.issue(CA, host).write(DIR.resolve(name + ".crt"), DIR.resolve(name + ".key"));
			String bundle = "spring.ssl.bundle.pem." + name;
			registry.add(bundle + ".keystore.certificate", () -> DIR.resolve(name + ".crt").toString());
			registry.add(bundle + ".keystore.private-key", () -> DIR.resolve(name + ".key").toString());
			registry.add(bundle + ".reload-on-update", () -> "true");
			registry.add(bundle + ".keystore.verify-keys", () -> "true");
		}
		TestCertificates.writeAsKubernetesSecret(TestCertificates.issue(CA, "gamma.example.com"), DIR.resolve("gamma"));
		registry.add("spring.ssl.bundle.pem.gamma.keystore.certificate", () -> DIR.resolve("gamma/tls.crt").toString());
		registry.add("spring.ssl.bundle.pem.gamma.keystore.private-key", () -> DIR.resolve("gamma/tls.key").toString());
		registry.add("spring.ssl.bundle.pem.gamma.reload-on-update", () -> "true");
		registry.add("spring.ssl.bundle.pem.gamma.keystore.verify-keys", () -> "true");
		TestCertificates.replace(DIR.resolve("partners-ca.pem"), PARTNERS_CA.certificatePem());
		registry.add("spring.ssl.bundle.pem.partners.truststore.certificate",
				() -> DIR.resolve("partners-ca.pem").toString());
	}

	@BeforeEach
	void domains() {
		LAMBDA.register("request-context", (event) -> Map.of("statusCode", 200, "body",
				event.get("requestContext").toString()));
		if (this.domainRegistry.domain("alpha.example.com") != null) {
			return;
		}
		ApiDefinition api = TestApis.withMethod(TestApis.api("tlsapi"), "/whoami",
				TestApis.method("GET", TestApis.mock(CLIENT_CERT_TEMPLATE)));
		api = TestApis.withMethod(api, "/event", TestApis.method("GET", new Integration(IntegrationType.AWS_PROXY,
				"POST", TestLambdaServer.invocationUri("request-context"), null, null, null, null, null, null, null,
				null, null, null)));
		api = serve(TestApis.deploy(api, "d1", "prod", Map.of()));
		String apiId = api.id();
		this.apiGateway.createDomainName((r) -> r.domainName("alpha.example.com")
			.regionalCertificateArn("arn:aws:acm:us-east-1:000000000000:certificate/alpha"));
		this.apiGateway.createDomainName((r) -> r.domainName("beta.example.com").regionalCertificateName("beta"));
		this.apiGateway.createDomainName((r) -> r.domainName("gamma.example.com").regionalCertificateName("gamma"));
		this.apiGateway.createDomainName((r) -> r.domainName("mtls.example.com")
			.regionalCertificateArn("alpha")
			.mutualTlsAuthentication((m) -> m.truststoreUri("partners")));
		this.apiGateway.createDomainName((r) -> r.domainName("filetrust.example.com")
			.mutualTlsAuthentication((m) -> m.truststoreUri("file:" + DIR.resolve("partners-ca.pem"))));
		for (String domain : List.of("alpha.example.com", "beta.example.com", "mtls.example.com",
				"filetrust.example.com", "gamma.example.com")) {
			this.apiGateway.createBasePathMapping((r) -> r.domainName(domain).restApiId(apiId).stage("prod"));
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.domainRegistry.domains().domainNames().values().stream()
				.filter((domain) -> !domain.apiMappings().isEmpty())
				.count() == 5);
	}

	@Nested
	class CertificatePerDomain {

		@Test
		void twoDomainsOnOnePortServeTheirOwnCertificatesBySni() {
			assertThat(servedCertificate("alpha.example.com").getSubjectX500Principal().getName())
				.contains("CN=alpha.example.com");
			assertThat(servedCertificate("beta.example.com").getSubjectX500Principal().getName())
				.contains("CN=beta.example.com");
			assertThat(servedCertificate("BETA.Example.com").getSubjectX500Principal().getName())
				.contains("CN=beta.example.com");
		}

		@Test
		void clientsNamingNoDomainGetTheDefaultCertificate() {
			assertThat(servedCertificate(null).getSubjectX500Principal().getName()).contains("CN=localhost");
			assertThat(servedCertificate("unknown.example.com").getSubjectX500Principal().getName())
				.contains("CN=localhost");
		}

		@Test
		void requestsOverHttpsAreRoutedByTheDomain() {
			https("beta.example.com", null).get()
				.uri("/whoami")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.domainName")
				.isEqualTo("beta.example.com");
		}

		@Test
		void theActuatorStaysOnPlainHttp() {
			WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + DataPortTlsTests.this.managementPort)
				.build()
				.get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isOk();
		}

		@Test
		void aReplacedCertificateFileIsServedWithoutRestart() {
			X509Certificate before = servedCertificate("beta.example.com");
			Issued renewed = TestCertificates.issue(CA, "beta.example.com");
			renewed.write(DIR.resolve("beta.crt"), DIR.resolve("beta.key"));
			// The two files are written one after the other; with verify-keys every handshake in between still
			// completes, with the old pair.
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> servedCertificate("beta.example.com").getSerialNumber()
					.equals(renewed.certificate().getSerialNumber()));
			assertThat(renewed.certificate().getSerialNumber()).isNotEqualTo(before.getSerialNumber());
			https("beta.example.com", null).get().uri("/whoami").exchange().expectStatus().isOk();
		}

		@Test
		void aKeyReplacedBeforeItsCertificateLeavesTheOldPairServedUntilTheCertificateArrives() {
			X509Certificate before = servedCertificate("alpha.example.com");
			Issued renewed = TestCertificates.issue(CA, "alpha.example.com");
			// Files replaced one at a time, slower than the watcher's quiet period: a key that does not match the
			// certificate (verify-keys) is not loaded, so every handshake meanwhile still completes with the old pair.
			TestCertificates.replace(DIR.resolve("alpha.key"), renewed.keyPem());
			Awaitility.await()
				.during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> servedCertificate("alpha.example.com").getSerialNumber()
					.equals(before.getSerialNumber()));
			TestCertificates.replace(DIR.resolve("alpha.crt"), renewed.certificatePem());
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> servedCertificate("alpha.example.com").getSerialNumber()
					.equals(renewed.certificate().getSerialNumber()));
		}

		@Test
		void aKubernetesSecretUpdateIsServedEveryTime() {
			for (int update = 0; update < 2; update++) {
				Issued renewed = TestCertificates.issue(CA, "gamma.example.com");
				TestCertificates.writeAsKubernetesSecret(renewed, DIR.resolve("gamma"));
				Awaitility.await()
					.atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(50))
					.until(() -> servedCertificate("gamma.example.com").getSerialNumber()
						.equals(renewed.certificate().getSerialNumber()));
			}
		}

	}

	@Nested
	class MutualTls {

		@Test
		void aClientCertificateFromTheTruststoreIsAdmittedAndPassedOn() {
			Issued client = TestCertificates.issue(PARTNERS_CA, "partner-one");
			https("mtls.example.com", client).get()
				.uri("/whoami")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.subjectDN")
				.isEqualTo("CN=partner-one,O=Tollgate Tests")
				.jsonPath("$.issuerDN")
				.isEqualTo("CN=Partners CA,O=Tollgate Tests")
				.jsonPath("$.serialNumber")
				.value((serial) -> assertThat((String) serial).matches("([0-9a-f]{2}:)*[0-9a-f]{2}"))
				.jsonPath("$.notAfter")
				.value((notAfter) -> assertThat((String) notAfter).endsWith(" GMT"));
		}

		@Test
		void theLambdaProxyEventCarriesTheClientCertificateAndTheDomain() {
			Issued client = TestCertificates.issue(PARTNERS_CA, "partner-lambda");
			https("mtls.example.com", client).get()
				.uri("/event")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.identity.clientCert.subjectDN")
				.isEqualTo("CN=partner-lambda,O=Tollgate Tests")
				.jsonPath("$.identity.clientCert.clientCertPem")
				.value((pem) -> assertThat((String) pem).startsWith("-----BEGIN CERTIFICATE-----"))
				.jsonPath("$.identity.clientCert.validity.notBefore")
				.exists()
				.jsonPath("$.domainName")
				.isEqualTo("mtls.example.com")
				.jsonPath("$.domainPrefix")
				.isEqualTo("mtls")
				.jsonPath("$.path")
				.isEqualTo("/event");
		}

		@Test
		void aTruststoreFileWorksAsANamedTruststoreDoes() {
			Issued client = TestCertificates.issue(PARTNERS_CA, "partner-two");
			https("filetrust.example.com", client).get().uri("/whoami").exchange().expectStatus().isOk();
		}

		@Test
		void aClientWithoutCertificateIsRefusedWith403() {
			assertForbidden(https("mtls.example.com", null));
		}

		@Test
		void aCertificateFromAnotherAuthorityIsRefusedWith403() {
			assertForbidden(https("mtls.example.com", TestCertificates.issue(OTHER_CA, "intruder")));
		}

		@Test
		void anExpiredCertificateIsRefusedWith403() {
			assertForbidden(https("mtls.example.com", TestCertificates.expired(PARTNERS_CA, "partner-expired")));
		}

		@Test
		void theHostsDomainDecidesNotTheHandshakesName() {
			// SNI names a domain without mutual TLS (no certificate asked for), Host the mutual-TLS domain.
			WebTestClient client = https("alpha.example.com", TestCertificates.issue(PARTNERS_CA, "partner-one"))
				.mutate()
				.defaultHeader(HttpHeaders.HOST, "mtls.example.com")
				.build();
			assertForbidden(client);
		}

		@Test
		void theExecuteApiUrlIsNotProtectedByTheDomainsMutualTls() {
			https("tlsapi.execute-api.us-east-1.amazonaws.com", null).get()
				.uri("/prod/whoami")
				.exchange()
				.expectStatus()
				.isOk();
		}

		private void assertForbidden(WebTestClient client) {
			client.get()
				.uri("/whoami")
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "ForbiddenException")
				.expectBody()
				.json("{\"message\":\"Forbidden\"}");
		}

	}

	/** WebSocket APIs behind custom domains over the domain's TLS and mutual TLS. */
	@Nested
	class WebSocketApis {

		@BeforeEach
		void webSocketDomains() {
			if (DataPortTlsTests.this.domainRegistry.domain("wss.example.com") != null) {
				return;
			}
			TestWebSocketApis.Created api = TestWebSocketApis.create(DataPortTlsTests.this.v2, "tls-ws");
			String apiId = api.route("$default", api.mock(200, "/2\\d\\d/",
					"{\"domainName\": \"$context.domainName\", \"stage\": \"$context.stage\"}"), true)
				.deploy("prod");
			DataPortTlsTests.this.v2.createDomainName((r) -> r.domainName("wss.example.com")
				.domainNameConfigurations((c) -> c.certificateArn("alpha")));
			DataPortTlsTests.this.v2.createApiMapping((r) -> r.domainName("wss.example.com").apiId(apiId)
				.stage("prod").apiMappingKey("live"));
			DataPortTlsTests.this.v2.createDomainName((r) -> r.domainName("wss-mtls.example.com")
				.domainNameConfigurations((c) -> c.certificateArn("alpha"))
				.mutualTlsAuthentication((m) -> m.truststoreUri("partners")));
			DataPortTlsTests.this.v2.createApiMapping((r) -> r.domainName("wss-mtls.example.com").apiId(apiId)
				.stage("prod"));
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> Stream.of("wss.example.com", "wss-mtls.example.com")
					.allMatch((name) -> DataPortTlsTests.this.domainRegistry.domain(name) != null
							&& !DataPortTlsTests.this.domainRegistry.domain(name).apiMappings().isEmpty()));
		}

		@Test
		void theHandshakeOverTheDomainsTlsReachesTheMappedStage() {
			try (TestDomainWebSocket client = TestDomainWebSocket.connectTls(port(), "wss.example.com", "/live",
					CA.certificate(), null)) {
				client.send("hello");
				assertThat(client.nextMessage()).isEqualTo("{\"domainName\": \"wss.example.com\", \"stage\": \"prod\"}");
			}
		}

		@Test
		void aMutualTlsDomainAdmitsOnlyWebSocketClientsWithACertificateFromItsTruststore() {
			try (TestDomainWebSocket client = TestDomainWebSocket.connectTls(port(), "wss-mtls.example.com", "/",
					CA.certificate(), TestCertificates.issue(PARTNERS_CA, "partner-ws"))) {
				client.send("hello");
				assertThat(client.nextMessage()).contains("\"domainName\": \"wss-mtls.example.com\"");
			}
			assertThat(TestDomainWebSocket.refusal(() -> TestDomainWebSocket.connectTls(port(),
					"wss-mtls.example.com", "/", CA.certificate(), null))).isEqualTo(403);
			assertThat(TestDomainWebSocket.refusal(() -> TestDomainWebSocket.connectTls(port(),
					"wss-mtls.example.com", "/", CA.certificate(), TestCertificates.issue(OTHER_CA, "intruder"))))
				.isEqualTo(403);
		}

		private int port() {
			return DataPortTlsTests.this.port;
		}

	}

	/** The certificate the data port serves to a client sending {@code serverName} (none when {@code null}). */
	X509Certificate servedCertificate(@Nullable String serverName) {
		try {
			KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
			trusted.load(null, null);
			trusted.setCertificateEntry("ca", CA.certificate());
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trusted);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", this.port)) {
				socket.setSoTimeout(5000);
				SSLParameters parameters = socket.getSSLParameters();
				if (serverName != null) {
					parameters.setServerNames(List.of(new SNIHostName(serverName)));
				}
				socket.setSSLParameters(parameters);
				socket.startHandshake();
				return (X509Certificate) socket.getSession().getPeerCertificates()[0];
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A client of the data port over HTTPS, naming {@code serverName} in SNI and {@code Host}. */
	WebTestClient https(String serverName, @Nullable Issued clientCertificate) {
		try {
			SslContextBuilder builder = SslContextBuilder.forClient().trustManager(CA.certificate());
			if (clientCertificate != null) {
				builder.keyManager(clientCertificate.key(), clientCertificate.certificate());
			}
			SslContext ssl = builder.build();
			HttpClient http = HttpClient.create()
				.secure((spec) -> spec.sslContext(ssl).serverNames(new SNIHostName(serverName)));
			return WebTestClient.bindToServer(new ReactorClientHttpConnector(http))
				.baseUrl("https://127.0.0.1:" + this.port)
				.defaultHeader(HttpHeaders.HOST, serverName)
				.responseTimeout(Duration.ofSeconds(10))
				.build();
		}
		catch (javax.net.ssl.SSLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path tempDirectory() {
		try {
			return Files.createTempDirectory("tollgate-tls-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
