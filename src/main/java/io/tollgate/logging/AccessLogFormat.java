package io.tollgate.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import io.tollgate.pipeline.ClientCertificate;
import org.jspecify.annotations.Nullable;

/**
 * A stage's access log format ({@code accessLogSettings.format}), compiled once per stage: literal text and AWS's
 * {@code $context} variables, each resolved to a function of the {@link AccessLogEntry}. A variable without a value
 * renders as {@code -}, as in AWS. A format that starts with {@code {} escapes values for JSON, one that starts with
 * {@code <} for XML; line breaks never reach the log. {@code $context.identity.apiKey} always renders as {@code -}:
 * API key values are secrets, and no header (Authorization included) is a variable.
 */
public final class AccessLogFormat {

	private static final Pattern VARIABLE = Pattern.compile("\\$context\\.([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_-]+)*)");

	private static final String ABSENT = "-";

	private final String format;

	private final List<Part> parts;

	private final Escaping escaping;

	private AccessLogFormat(String format, List<Part> parts, Escaping escaping) {
		this.format = format;
		this.parts = parts;
		this.escaping = escaping;
	}

	public static AccessLogFormat compile(String format) {
		List<Part> parts = new ArrayList<>();
		Matcher matcher = VARIABLE.matcher(format);
		int end = 0;
		while (matcher.find()) {
			if (matcher.start() > end) {
				parts.add(new Literal(format.substring(end, matcher.start())));
			}
			parts.add(new Variable(matcher.group(1), resolver(matcher.group(1))));
			end = matcher.end();
		}
		if (end < format.length()) {
			parts.add(new Literal(format.substring(end)));
		}
		String start = format.stripLeading();
		Escaping escaping = start.startsWith("{") ? Escaping.JSON
				: start.startsWith("<") ? Escaping.XML : Escaping.PLAIN;
		return new AccessLogFormat(format, List.copyOf(parts), escaping);
	}

	/** The log line of {@code entry}. */
	public String render(AccessLogEntry entry) {
		StringBuilder line = new StringBuilder(this.format.length() + 64);
		for (Part part : this.parts) {
			if (part instanceof Literal literal) {
				line.append(literal.text());
			}
			else if (part instanceof Variable variable) {
				String value = variable.resolver().apply(entry);
				this.escaping.append(line, (value != null && !value.isEmpty()) ? value : ABSENT);
			}
		}
		return line.toString();
	}

	/**
	 * The log line of an event whose {@code $context} is not a request's (a WebSocket connection's events): each
	 * variable's value from {@code values}, by its name after {@code $context.}.
	 */
	public String render(Function<String, @Nullable String> values) {
		StringBuilder line = new StringBuilder(this.format.length() + 64);
		for (Part part : this.parts) {
			if (part instanceof Literal literal) {
				line.append(literal.text());
			}
			else if (part instanceof Variable variable) {
				String value = values.apply(variable.name());
				this.escaping.append(line, (value != null && !value.isEmpty()) ? value : ABSENT);
			}
		}
		return line.toString();
	}

	@Override
	public String toString() {
		return this.format;
	}

	private static Function<AccessLogEntry, @Nullable String> resolver(String name) {
		return switch (name) {
			case "requestId" -> (entry) -> entry.context().requestId();
			case "extendedRequestId" -> (entry) -> entry.context().extendedRequestId();
			case "requestTime" -> (entry) -> entry.context().requestTime();
			case "requestTimeEpoch" -> (entry) -> Long.toString(entry.context().requestTimeEpoch());
			case "httpMethod" -> (entry) -> entry.context().httpMethod();
			case "resourcePath" -> (entry) -> entry.context().resourcePath();
			case "resourceId" -> (entry) -> entry.context().resourceId();
			case "routeKey" -> (entry) -> entry.context().routeKey();
			case "path" -> (entry) -> entry.context().path();
			case "protocol" -> (entry) -> entry.context().protocol();
			case "status" -> (entry) -> Integer.toString(entry.status());
			case "responseLength" -> (entry) -> (entry.responseLength() >= 0) ? Long.toString(entry.responseLength()) : null;
			case "responseLatency" -> (entry) -> Long.toString(entry.responseLatencyMillis());
			case "integrationLatency", "integration.latency" ->
				(entry) -> (entry.integrationLatencyMillis() != null) ? entry.integrationLatencyMillis().toString() : null;
			case "apiId" -> (entry) -> entry.context().apiId();
			case "stage" -> (entry) -> entry.context().stage();
			case "deploymentId" -> (entry) -> entry.context().deploymentId();
			case "accountId" -> (entry) -> entry.context().accountId();
			case "domainName" -> (entry) -> entry.context().domainName();
			case "domainPrefix" -> (entry) -> entry.context().domainPrefix();
			case "isCanaryRequest" ->
				(entry) -> (entry.context().canaryRequest() != null) ? entry.context().canaryRequest().toString() : null;
			case "identity.sourceIp" -> (entry) -> entry.context().sourceIp();
			case "identity.userAgent" -> (entry) -> entry.context().userAgent();
			case "identity.apiKeyId" -> (entry) -> entry.context().identity().apiKeyId();
			case "identity.caller" -> (entry) -> entry.context().identity().caller();
			case "identity.user" -> (entry) -> entry.context().identity().user();
			case "identity.userArn" -> (entry) -> entry.context().identity().userArn();
			case "identity.accountId" -> (entry) -> entry.context().identity().accountId();
			case "identity.accessKey" -> (entry) -> entry.context().identity().accessKey();
			case "authorizer.principalId" -> (entry) -> entry.context().authorizer().principalId();
			case "customDomain.basePathMatched" -> (entry) -> entry.context().basePathMatched();
			case "identity.clientCert.subjectDN" -> (entry) -> clientCert(entry, ClientCertificate::subjectDN);
			case "identity.clientCert.issuerDN" -> (entry) -> clientCert(entry, ClientCertificate::issuerDN);
			case "identity.clientCert.serialNumber" -> (entry) -> clientCert(entry, ClientCertificate::serialNumber);
			case "identity.clientCert.validity.notBefore" -> (entry) -> clientCert(entry, ClientCertificate::notBefore);
			case "identity.clientCert.validity.notAfter" -> (entry) -> clientCert(entry, ClientCertificate::notAfter);
			default -> nested(name);
		};
	}

	private static @Nullable String clientCert(AccessLogEntry entry, Function<ClientCertificate, String> field) {
		ClientCertificate certificate = entry.context().clientCert();
		return (certificate != null) ? field.apply(certificate) : null;
	}

	/** {@code authorizer.claims.X} and {@code authorizer.X}; anything else (the API key value too) has no value. */
	private static Function<AccessLogEntry, @Nullable String> nested(String name) {
		if (name.startsWith("authorizer.claims.")) {
			String claim = name.substring("authorizer.claims.".length());
			return (entry) -> valueOf(entry.context().authorizer().claims(), claim);
		}
		if (name.startsWith("authorizer.") && name.indexOf('.', "authorizer.".length()) < 0) {
			String key = name.substring("authorizer.".length());
			return (entry) -> valueOf(entry.context().authorizer().context(), key);
		}
		return (entry) -> null;
	}

	private static @Nullable String valueOf(Map<String, Object> values, String key) {
		Object value = values.get(key);
		return (value != null) ? value.toString() : null;
	}

	private sealed interface Part permits Literal, Variable {

	}

	private record Literal(String text) implements Part {

	}

	private record Variable(String name, Function<AccessLogEntry, @Nullable String> resolver) implements Part {

	}

	/** How values are written into the line: JSON and XML formats stay well-formed, no value breaks the line. */
	private enum Escaping {

		PLAIN {
			@Override
			void append(StringBuilder line, String value) {
				for (int i = 0; i < value.length(); i++) {
					char c = value.charAt(i);
					line.append((c == '\n' || c == '\r') ? ' ' : c);
				}
			}
		},

		JSON {
			@Override
			void append(StringBuilder line, String value) {
				for (int i = 0; i < value.length(); i++) {
					char c = value.charAt(i);
					switch (c) {
						case '"' -> line.append("\\\"");
						case '\\' -> line.append("\\\\");
						case '\n' -> line.append("\\n");
						case '\r' -> line.append("\\r");
						case '\t' -> line.append("\\t");
						default -> {
							if (c < 0x20) {
								line.append(String.format("\\u%04x", (int) c));
							}
							else {
								line.append(c);
							}
						}
					}
				}
			}
		},

		XML {
			@Override
			void append(StringBuilder line, String value) {
				for (int i = 0; i < value.length(); i++) {
					char c = value.charAt(i);
					switch (c) {
						case '<' -> line.append("&lt;");
						case '>' -> line.append("&gt;");
						case '&' -> line.append("&amp;");
						case '"' -> line.append("&quot;");
						case '\'' -> line.append("&apos;");
						case '\n', '\r' -> line.append(' ');
						default -> line.append(c);
					}
				}
			}
		};

		abstract void append(StringBuilder line, String value);

	}

}
