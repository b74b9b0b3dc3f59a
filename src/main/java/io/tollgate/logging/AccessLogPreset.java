package io.tollgate.logging;

/**
 * The access log formats API Gateway's console offers for a stage: CLF, JSON, XML and CSV, with the same
 * {@code $context} variables in the same places.
 */
public enum AccessLogPreset {

	CLF("$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "
			+ "\"$context.httpMethod $context.resourcePath $context.protocol\" $context.status "
			+ "$context.responseLength $context.requestId"),

	JSON("{ \"requestId\":\"$context.requestId\", \"ip\": \"$context.identity.sourceIp\", "
			+ "\"caller\":\"$context.identity.caller\", \"user\":\"$context.identity.user\","
			+ "\"requestTime\":\"$context.requestTime\", \"httpMethod\":\"$context.httpMethod\","
			+ "\"resourcePath\":\"$context.resourcePath\", \"status\":\"$context.status\","
			+ "\"protocol\":\"$context.protocol\", \"responseLength\":\"$context.responseLength\" }"),

	XML("<request id=\"$context.requestId\"> <ip>$context.identity.sourceIp</ip> "
			+ "<caller>$context.identity.caller</caller> <user>$context.identity.user</user> "
			+ "<requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> "
			+ "<resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> "
			+ "<protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> "
			+ "</request>"),

	CSV("$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,"
			+ "$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength,"
			+ "$context.requestId");

	private final String format;

	AccessLogPreset(String format) {
		this.format = format;
	}

	/** The format string, as a stage's {@code accessLogSettings.format}. */
	public String format() {
		return this.format;
	}

}
