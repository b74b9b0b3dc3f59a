package io.tollgate.admin.openapi;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;

import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestBackend;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ImportRestApiResponse;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An OpenAPI document of 10,000 paths imports, deploys and serves through the management API. Every step of the
 * way (reading, applying, the store's check, the route compile) must be linear in the number of paths for this to
 * finish in seconds; {@code bench/import.sh} times it.
 */
class OpenApiImportScaleTests extends BaseAdminTests {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private static final int PATHS = 10_000;

	@Test
	void tenThousandPathsImportDeployAndServeEachPath() {
		try (ApiGatewayClient patient = patientClient()) {
			long start = System.nanoTime();
			long startCpu = processCpuNanos();
			ImportRestApiResponse imported = patient
				.importRestApi((request) -> request.body(SdkBytes.fromUtf8String(document(PATHS, backend.url()))));
			long importedAt = System.nanoTime();
			long importedCpu = processCpuNanos();
			patient.createDeployment((request) -> request.restApiId(imported.id()).stageName("prod"));
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> status(imported.id(), "/r" + (PATHS - 1) + "/pets") == HttpStatus.OK);
			long servedAt = System.nanoTime();
			long servedCpu = processCpuNanos();
			// For bench/README.md: wall time depends on what else the machine runs, CPU time less so.
			System.out.printf("Import of %d paths: %d ms (%d ms CPU); deployment until served: %d ms (%d ms CPU)%n",
					PATHS, (importedAt - start) / 1_000_000, (importedCpu - startCpu) / 1_000_000,
					(servedAt - importedAt) / 1_000_000, (servedCpu - importedCpu) / 1_000_000);
			assertThat(this.apiGateway.getResources((request) -> request.restApiId(imported.id()).limit(500))
				.items()).hasSize(500);
			assertThat(status(imported.id(), "/r0/pets")).isEqualTo(HttpStatus.OK);
			assertThat(status(imported.id(), "/r4711/pets")).isEqualTo(HttpStatus.OK);
			assertThat(status(imported.id(), "/r" + PATHS + "/pets")).isEqualTo(HttpStatus.FORBIDDEN);
			// The other tests sharing this application need not carry 20,000 routes.
			patient.deleteRestApi((request) -> request.restApiId(imported.id()));
		}
	}

	/** {@code /r{i}/pets} for i below {@code paths}, each a GET proxied to the backend. */
	static String document(int paths, String backendUrl) {
		StringBuilder json = new StringBuilder("{\"openapi\": \"3.0.1\", \"info\": {\"title\": \"scale\"}, \"paths\": {");
		for (int i = 0; i < paths; i++) {
			json.append((i > 0) ? "," : "")
				.append("\"/r")
				.append(i)
				.append("/pets\": {\"get\": {\"x-amazon-apigateway-integration\": {\"type\": \"http_proxy\", ")
				.append("\"httpMethod\": \"GET\", \"uri\": \"")
				.append(backendUrl)
				.append("/pets\"}}}");
		}
		return json.append("}}").toString();
	}

	private HttpStatus status(String apiId, String path) {
		return HttpStatus.valueOf(this.client.get()
			.uri("/restapis/{id}/prod/_user_request_" + path, apiId)
			.exchange()
			.returnResult(Void.class)
			.getStatus()
			.value());
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/** The SDK client with a read timeout that outlasts a slow import, so that a slow one fails on the await. */
	private ApiGatewayClient patientClient() {
		return ApiGatewayClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + this.adminServer.port()))
			.region(Region.US_EAST_1)
			.credentialsProvider(
					StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
			.httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofMinutes(5)).build())
			.build();
	}

}
