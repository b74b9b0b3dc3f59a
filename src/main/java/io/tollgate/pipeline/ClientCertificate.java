package io.tollgate.pipeline;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The certificate a client presented on a mutual-TLS custom domain, as API Gateway passes it on:
 * {@code $context.identity.clientCert.*} and {@code requestContext.identity.clientCert} of the proxy event.
 *
 * @param clientCertPem the certificate, PEM-encoded
 * @param serialNumber hexadecimal bytes separated by colons, as OpenSSL prints them
 * @param notBefore {@code validity.notBefore}, as OpenSSL prints dates ({@code Aug  5 09:36:04 2021 GMT})
 * @param notAfter {@code validity.notAfter}
 */
public record ClientCertificate(String clientCertPem, String subjectDN, String issuerDN, String serialNumber,
		String notBefore, String notAfter) {

	private static final DateTimeFormatter VALIDITY = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'",
			Locale.US).withZone(ZoneOffset.UTC);

	public static ClientCertificate of(X509Certificate certificate) {
		String pem;
		try {
			pem = "-----BEGIN CERTIFICATE-----\n"
					+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(certificate.getEncoded())
					+ "\n-----END CERTIFICATE-----\n";
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalArgumentException("Unreadable client certificate", ex);
		}
		byte[] serial = certificate.getSerialNumber().toByteArray();
		String serialNumber = HexFormat.ofDelimiter(":").formatHex(serial);
		return new ClientCertificate(pem, distinguishedName(certificate.getSubjectX500Principal()),
				distinguishedName(certificate.getIssuerX500Principal()), serialNumber,
				VALIDITY.format(certificate.getNotBefore().toInstant()),
				VALIDITY.format(certificate.getNotAfter().toInstant()));
	}

	/** A name in the order its certificate holds it ({@code C=US,O=Example,CN=client}), as AWS shows it. */
	private static String distinguishedName(X500Principal principal) {
		String rfc2253 = principal.getName();
		try {
			// RFC 2253 writes the last RDN first; LdapName lists RDNs from the last written, i.e. the first held.
			return new LdapName(rfc2253).getRdns().stream().map(Rdn::toString).collect(Collectors.joining(","));
		}
		catch (InvalidNameException ex) {
			return rfc2253;
		}
	}

	/** The fields under AWS's names, {@code validity} nested. */
	public Map<String, Object> asMap() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("clientCertPem", this.clientCertPem);
		fields.put("subjectDN", this.subjectDN);
		fields.put("issuerDN", this.issuerDN);
		fields.put("serialNumber", this.serialNumber);
		fields.put("validity", Map.of("notBefore", this.notBefore, "notAfter", this.notAfter));
		return fields;
	}

}
