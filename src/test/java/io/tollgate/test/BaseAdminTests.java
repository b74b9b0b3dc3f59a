package io.tollgate.test;

import java.net.URI;

import io.tollgate.admin.AdminServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

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

	@AfterEach
	void closeClient() {
		this.apiGateway.close();
	}

}
