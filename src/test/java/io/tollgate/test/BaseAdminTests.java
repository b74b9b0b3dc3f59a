package io.tollgate.test;

import java.net.URI;

import io.tollgate.admin.AdminServer;
import org.reactivestreams.Publisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * Tests of the management API through the real AWS SDK client ({@link ApiGatewayClient}) pointed at the admin port,
 * signing with the configured admin credentials; the data plane is at hand through {@link BaseGatewayTests}.
 */
@TestPropertySource(properties = { "tollgate.admin.access-key-id=" + BaseAdminTests.ACCESS_KEY_ID,
		"tollgate.admin.secret-access-key=" + BaseAdminTests.SECRET_ACCESS_KEY })
public abstract class BaseAdminTests extends BaseGatewayTests {

	public static final String ACCESS_KEY_ID = "AKIDTOLLGATETEST0001";

	public static final String SECRET_ACCESS_KEY = "tollgate/test/secret/key/0123456789abcdef";

	@Autowired
	protected AdminServer adminServer;

	protected ApiGatewayClient apiGateway;

	@BeforeEach
	void createClient() {
		this.apiGateway = ApiGatewayClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + this.adminServer.port()))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
			.httpClient(ApacheHttpClient.create())
			.build();
	}

	/**
	 * A raw HTTP client of the management API whose requests are SigV4-signed with the admin credentials, the
	 * payload's SHA-256 included (the server accepts {@code UNSIGNED-PAYLOAD} only over TLS): for tests that look
	 * at the wire format itself. The body is signed as it is written, just before the headers go out.
	 */
	protected WebTestClient signedAdminClient() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.adminServer.port())
			.filter((request, next) -> next.exchange(ClientRequest.from(request)
				.body((message, context) -> request.body().insert(new ClientHttpRequestDecorator(message) {

					@Override
					public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
						return DataBufferUtils.join(body).flatMap((buffer) -> {
							byte[] bytes = new byte[buffer.readableByteCount()];
							buffer.read(bytes);
							DataBufferUtils.release(buffer);
							sign(getMethod(), getURI(), getHeaders(), bytes);
							return super.writeWith(Mono.just(bufferFactory().wrap(bytes)));
						});
					}

					@Override
					public Mono<Void> setComplete() {
						sign(getMethod(), getURI(), getHeaders(), new byte[0]);
						return super.setComplete();
					}

				}, context))
				.build()))
			.build();
	}

	private static void sign(HttpMethod method, URI uri, HttpHeaders headers, byte[] body) {
		SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
			.method(SdkHttpMethod.fromValue(method.name()))
			.uri(uri);
		headers.forEach((name, values) -> values.forEach((value) -> unsigned.appendHeader(name, value)));
		SignedRequest signed = AwsV4HttpSigner.create()
			.sign((sign) -> sign.request(unsigned.build())
				.payload(ContentStreamProvider.fromByteArray(body))
				.identity(AwsCredentialsIdentity.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "apigateway")
				.putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
		signed.request().forEachHeader((name, values) -> headers.put(name, values));
	}

	@AfterEach
	void closeClient() {
		this.apiGateway.close();
	}

}
