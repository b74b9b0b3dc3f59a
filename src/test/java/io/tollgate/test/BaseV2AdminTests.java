package io.tollgate.test;

import java.net.URI;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;

/**
 * Tests of the HTTP and WebSocket API management ({@code apigatewayv2}) through the real AWS SDK client
 * ({@link ApiGatewayV2Client}) pointed at the admin port, signing with the admin credentials.
 */
public abstract class BaseV2AdminTests extends BaseAdminTests {

	protected static final String LAMBDA_ARN = "arn:aws:lambda:us-east-1:000000000000:function:hello";

	protected ApiGatewayV2Client v2;

	@BeforeEach
	void createV2Client() {
		this.v2 = ApiGatewayV2Client.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + this.adminServer.port()))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
			.httpClient(ApacheHttpClient.create())
			.build();
	}

	@AfterEach
	void closeV2Client() {
		this.v2.close();
	}

}
