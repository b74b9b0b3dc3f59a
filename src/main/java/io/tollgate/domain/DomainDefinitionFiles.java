package io.tollgate.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiMapping;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.DomainName;
import io.tollgate.model.DomainNames;
import io.tollgate.model.EndpointConfiguration;
import io.tollgate.model.MutualTlsAuthentication;
import io.tollgate.store.DefinitionFiles;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.Resource;

/**
 * Applies the custom domains declared in the definitions folder ({@code tollgate.definitions-dir}) at start: files
 * named {@code *.domains.yaml} (or {@code .yml}, {@code .json}) hold
 *
 * <pre>
 * domainNames:
 *   - domainName: api.example.com
 *     regionalCertificateArn: example-com          # an SSL bundle
 *     mutualTlsAuthentication: {truststoreUri: partners}
 *     apiMappings:
 *       - {apiMappingKey: orders, apiId: petstore, stage: prod}
 * </pre>
 *
 * A file declares each of its domains as a whole, mappings included; applying it again changes nothing. An invalid
 * file is refused with the reason in the log, and the others still apply.
 */
public final class DomainDefinitionFiles implements SmartLifecycle {

	/** What marks a domains file among the API definition files. */
	public static final String MARKER = DefinitionFiles.DOMAINS_FILE_MARKER;

	private static final Log logger = LogFactory.getLog(DomainDefinitionFiles.class);

	private static final ObjectMapper YAML = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(MapperFeature.INFER_RECORD_GETTERS_FROM_COMPONENTS_ONLY)
		.build();

	private final DomainStore store;

	private final String location;

	private volatile boolean running;

	public DomainDefinitionFiles(DomainStore store, String location) {
		this.store = store;
		this.location = location;
	}

	/** A domains file. */
	record DomainDocument(@Nullable List<DomainEntry> domainNames) {
	}

	/** One domain of a file, in the v1 API's field names. */
	record DomainEntry(String domainName, @Nullable String certificateName, @Nullable String certificateArn,
			@Nullable String regionalCertificateName, @Nullable String regionalCertificateArn,
			@Nullable EndpointConfiguration endpointConfiguration, @Nullable String securityPolicy,
			@Nullable MutualTlsAuthentication mutualTlsAuthentication, @Nullable Map<String, String> tags,
			@Nullable List<MappingEntry> apiMappings) {

		DomainName toDomainName() {
			String name = DomainName.normalize(this.domainName);
			List<ApiMapping> mappings = new ArrayList<>();
			if (this.apiMappings != null) {
				for (MappingEntry entry : this.apiMappings) {
					String key = ApiMapping.key(entry.apiMappingKey());
					mappings.add(new ApiMapping(ApiMapping.derivedId(name, key), entry.apiId(), entry.stage(), key));
				}
			}
			return new DomainName(name, this.certificateName, this.certificateArn, this.regionalCertificateName,
					this.regionalCertificateArn, this.endpointConfiguration, this.securityPolicy,
					this.mutualTlsAuthentication, this.tags, mappings);
		}

	}

	/** @param apiMappingKey the base path, several segments allowed; empty or absent for the root */
	record MappingEntry(@Nullable String apiMappingKey, String apiId, @Nullable String stage) {
	}

	@Override
	public void start() {
		for (Resource file : files()) {
			applyFile(file);
		}
		this.running = true;
	}

	/**
	 * Reads a domains file (YAML or JSON).
	 * @throws JacksonException when it is not one
	 * @throws ApiModelException.BadRequest when a domain or mapping is invalid
	 */
	public static List<DomainName> read(String content) {
		DomainDocument document = YAML.readValue(content, DomainDocument.class);
		return (document.domainNames() != null)
				? document.domainNames().stream().map(DomainEntry::toDomainName).toList() : List.of();
	}

	void applyFile(Resource file) {
		String name = file.getDescription();
		try (InputStream in = file.getInputStream()) {
			List<DomainName> declared = read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			this.store.update((all) -> {
				DomainNames result = all;
				for (DomainName domain : declared) {
					if (!domain.equals(result.domainNames().get(domain.domainName()))) {
						result = result.with(domain);
					}
				}
				return result;
			}).block(Duration.ofMinutes(1));
			logger.info("Applied " + name + ": custom domains "
					+ declared.stream().map(DomainName::domainName).toList());
		}
		catch (JacksonException ex) {
			String reason = (ex.getCause() instanceof ApiModelException model) ? model.getMessage()
					: ex.getOriginalMessage();
			logger.error("Refused domains file " + name + ": " + reason);
		}
		catch (ApiModelException ex) {
			logger.error("Refused domains file " + name + ": " + ex.errorType() + ": " + ex.getMessage());
		}
		catch (IOException ex) {
			logger.error("Could not read domains file " + name + ": " + ex.getMessage());
		}
	}

	private List<Resource> files() {
		return DefinitionFiles.resources(this.location, List.of("*" + MARKER + "yaml", "*" + MARKER + "yml",
				"*" + MARKER + "json"));
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** With the API definition files, before routes and domains are served. */
	@Override
	public int getPhase() {
		return DefinitionFiles.PHASE;
	}

}
