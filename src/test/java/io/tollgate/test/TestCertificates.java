package io.tollgate.test;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for TLS tests, made with Bouncy Castle: certificate authorities, server certificates for DNS names
 * and client certificates they issue, written as PEM files as a Kubernetes Secret would hold them. EC P-256 keys,
 * which are quick to make.
 */
public final class TestCertificates {

	private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

	private TestCertificates() {
	}

	/** A self-signed certificate authority. */
	public static Issued authority(String commonName) {
		KeyPair keys = keyPair();
		X500Name name = new X500Name("CN=" + commonName + ",O=Tollgate Tests");
		return sign(name, keys, name, keys.getPrivate(), Instant.now(), true, null);
	}

	/**
	 * A certificate for {@code dnsNames} (the first is its common name) and 127.0.0.1, issued by {@code issuer}.
	 */
	public static Issued issue(Issued issuer, String... dnsNames) {
		return issue(issuer, Instant.now(), dnsNames);
	}

	/** A certificate that expired a day ago. */
	public static Issued expired(Issued issuer, String commonName) {
		return issue(issuer, Instant.now().minus(Duration.ofDays(30)), commonName);
	}

	private static Issued issue(Issued issuer, Instant notBefore, String... dnsNames) {
		KeyPair keys = keyPair();
		X500Name subject = new X500Name("CN=" + dnsNames[0] + ",O=Tollgate Tests");
		X500Name issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
		return sign(subject, keys, issuerName, issuer.key(), notBefore, false, dnsNames);
	}

	private static Issued sign(X500Name subject, KeyPair keys, X500Name issuer, PrivateKey issuerKey,
			Instant notBefore, boolean authority, String[] dnsNames) {
		try {
			Instant notAfter = notBefore.plus(Duration.ofDays(29));
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
					BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore.minusSeconds(60)),
					Date.from(notAfter), subject, keys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
			if (authority) {
				builder.addExtension(Extension.keyUsage, true,
						new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
			}
			if (dnsNames != null) {
				// Also the loopback address: test clients connect to 127.0.0.1 and name the domain in SNI.
				GeneralName[] names = new GeneralName[dnsNames.length + 1];
				for (int i = 0; i < dnsNames.length; i++) {
					names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
				}
				names[dnsNames.length] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
				builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
			}
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
			return new Issued(certificate, keys.getPrivate());
		}
		catch (IOException | GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not make a test certificate", ex);
		}
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A certificate and its private key. */
	public record Issued(X509Certificate certificate, PrivateKey key) {

		public String certificatePem() {
			return pem(this.certificate);
		}

		public String keyPem() {
			try {
				return pem(new JcaPKCS8Generator(this.key, null).generate());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** Writes the certificate and key, each replaced atomically, as a Secret's files are. */
		public void write(Path certificateFile, Path keyFile) {
			replace(keyFile, keyPem());
			replace(certificateFile, certificatePem());
		}

		public String commonName() {
			return this.certificate.getSubjectX500Principal().getName().replaceAll("^CN=([^,]*),.*$", "$1");
		}

		private static String pem(Object object) {
			StringWriter out = new StringWriter();
			try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
				writer.writeObject(object);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return out.toString();
		}

	}

	/**
	 * Writes {@code issued} into {@code directory} as the kubelet updates a mounted Secret: the files in a new
	 * timestamped directory, then the {@code ..data} link swapped to it in one rename; {@code tls.crt} and
	 * {@code tls.key} are links through {@code ..data}. The first call creates the layout.
	 */
	public static void writeAsKubernetesSecret(Issued issued, Path directory) {
		try {
			Files.createDirectories(directory);
			Path version = Files.createTempDirectory(directory, "..version-");
			Files.writeString(version.resolve("tls.crt"), issued.certificatePem(), StandardCharsets.UTF_8);
			Files.writeString(version.resolve("tls.key"), issued.keyPem(), StandardCharsets.UTF_8);
			Path data = directory.resolve("..data");
			Path previous = Files.isSymbolicLink(data) ? directory.resolve(Files.readSymbolicLink(data)) : null;
			Path swap = directory.resolve("..data_tmp");
			Files.createSymbolicLink(swap, version.getFileName());
			Files.move(swap, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			for (String file : new String[] { "tls.crt", "tls.key" }) {
				if (!Files.exists(directory.resolve(file), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
					Files.createSymbolicLink(directory.resolve(file), Path.of("..data", file));
				}
			}
			if (previous != null) {
				org.springframework.util.FileSystemUtils.deleteRecursively(previous);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes {@code content} to {@code file}, replacing it atomically. */
	public static void replace(Path file, String content) {
		try {
			Path temp = Files.createTempFile(file.getParent(), ".tmp-", ".pem");
			Files.writeString(temp, content, StandardCharsets.UTF_8);
			Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
