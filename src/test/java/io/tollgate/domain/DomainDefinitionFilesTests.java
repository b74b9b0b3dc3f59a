package io.tollgate.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.tollgate.model.DomainName;
import io.tollgate.model.DomainNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Custom domains declared in {@code *.domains.yaml} files, applied to a real embedded store. */
class DomainDefinitionFilesTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@TempDir
	Path definitions;

	@TempDir
	Path data;

	@Test
	void aDomainsFileDeclaresDomainsWithTheirMappingsAndApplyingItAgainChangesNothing() throws IOException {
		Files.writeString(this.definitions.resolve("api.domains.yaml"), """
				domainNames:
				  - domainName: API.example.com
				    regionalCertificateArn: arn:aws:acm:us-east-1:000000000000:certificate/example-com
				    mutualTlsAuthentication: {truststoreUri: partners}
				    apiMappings:
				      - {apiMappingKey: orders/v2, apiId: petstore, stage: prod}
				      - {apiId: petstore, stage: prod}
				""");
		Files.writeString(this.definitions.resolve("broken.domains.yaml"), "domainNames: [{domainName: 'not a name'}]");
		try (EmbeddedDomainStore store = new EmbeddedDomainStore(this.data)) {
			DomainDefinitionFiles files = new DomainDefinitionFiles(store, this.definitions.toString());
			files.start();
			DomainNames applied = store.load().block(TIMEOUT);
			DomainName domain = applied.require("api.example.com");
			assertThat(domain.certificate()).isEqualTo("example-com");
			assertThat(domain.mutualTlsAuthentication().truststoreUri()).isEqualTo("partners");
			assertThat(domain.apiMappings()).extracting((mapping) -> mapping.apiMappingKey())
				.containsExactly("orders/v2", "");
			assertThat(applied.domainNames()).containsOnlyKeys("api.example.com");

			files.start();
			assertThat(store.load().block(TIMEOUT).version()).isEqualTo(applied.version());
		}
	}

}
