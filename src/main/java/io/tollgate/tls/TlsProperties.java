package io.tollgate.tls;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * TLS on the data port, under {@code tollgate.tls}. Certificates and truststores are Spring Boot SSL bundles
 * ({@code spring.ssl.bundle.pem.{name}.*}): a custom domain names its certificate's bundle in its certificate ARN
 * (last segment) or certificate name, and a mutual-TLS domain names its truststore's bundle (or a PEM file) in
 * {@code truststoreUri}.
 *
 * @param enabled whether the data port speaks HTTPS; off (plain HTTP) by default, for development and for
 * deployments where a load balancer terminates TLS
 * @param defaultCertificate the SSL bundle served to clients that name no custom domain (no SNI, an execute-api
 * host, an unknown name); required when TLS is enabled
 */
@ConfigurationProperties("tollgate.tls")
public record TlsProperties(boolean enabled, @Nullable String defaultCertificate) {

}
