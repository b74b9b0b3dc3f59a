package io.tollgate.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.ResourceUtils;

/**
 * Applies the definition files of a folder ({@code tollgate.definitions-dir}) to the store at start, before routes
 * are compiled, so that a Kubernetes ConfigMap can hold an API. Each file is one {@link ApiDocument}
 * ({@code .yaml}, {@code .yml} or {@code .json}); a file that is invalid is refused as a whole with the reason in
 * the log, and the others still apply.
 */
public final class DefinitionFiles implements SmartLifecycle {

	/** Before routes are compiled ({@code ApiRouteLocator}) and long before the server accepts requests. */
	public static final int PHASE = 0;

	/** What the name of a custom domains file has before its extension ({@code api.domains.yaml}). */
	public static final String DOMAINS_FILE_MARKER = ".domains.";

	private static final Log logger = LogFactory.getLog(DefinitionFiles.class);

	private static final Duration TIMEOUT = Duration.ofMinutes(1);

	private final ApiStore store;

	private final String location;

	private volatile boolean running;

	private final List<DefinitionFormat> formats;

	public DefinitionFiles(ApiStore store, String location) {
		this(store, location, List.of());
	}

	/** @param formats formats tried before the model's own ({@link ApiDocument}) */
	public DefinitionFiles(ApiStore store, String location, List<DefinitionFormat> formats) {
		this.store = store;
		this.location = location;
		this.formats = List.copyOf(formats);
	}

	@Override
	public void start() {
		for (Resource file : files()) {
			applyFile(file);
		}
		this.running = true;
	}

	/** Applies one file; returns the stored definition, or {@code null} when the file was refused. */
	ApiDefinition applyFile(Resource file) {
		String name = file.getDescription();
		try (InputStream in = file.getInputStream()) {
			String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return apply(read(java.util.Objects.requireNonNullElse(file.getFilename(), name), content)).doOnNext((stored) -> logger.info("Applied " + name + ": API "
					+ stored.id() + " version " + stored.version()))
				.block(TIMEOUT);
		}
		catch (ApiModelException ex) {
			logger.error("Refused definition file " + name + ": " + ex.errorType() + ": " + ex.getMessage());
		}
		catch (IOException ex) {
			logger.error("Could not read definition file " + name + ": " + ex.getMessage());
		}
		return null;
	}

	private DefinitionFile read(String fileName, String content) {
		for (DefinitionFormat format : this.formats) {
			DefinitionFile file = format.read(fileName, content);
			if (file != null) {
				return file;
			}
		}
		return ApiDocument.read(content, !fileName.toLowerCase(Locale.ROOT).endsWith(".json"));
	}

	/** Applies a definition to the store, creating its API or changing it. */
	public Mono<ApiDefinition> apply(DefinitionFile document) {
		String apiId = document.apiId();
		return this.store.find(apiId)
			.flatMap((current) -> {
				ApiDefinition applied = document.applyTo(current);
				return (applied == current) ? Mono.just(current) : this.store.save(applied, current.version());
			})
			.switchIfEmpty(Mono.defer(() -> this.store.save(document.applyTo(null), ApiStore.ABSENT)))
			.retryWhen(reactor.util.retry.Retry.max(16).filter(ApiStore.ConcurrentModificationException.class::isInstance));
	}

	private List<Resource> files() {
		List<Resource> found = resources(this.location, List.of("*.yaml", "*.yml", "*.json"));
		// Custom domains have files of their own (io.tollgate.domain.DomainDefinitionFiles).
		found.removeIf((resource) -> resource.getFilename() != null
				&& resource.getFilename().contains(DOMAINS_FILE_MARKER));
		if (found.isEmpty()) {
			logger.warn("No definition files (*.yaml, *.yml, *.json) in " + this.location);
		}
		return found;
	}

	/**
	 * The files of a definitions folder matching {@code patterns}, in name order.
	 * @param location a directory path or a Spring resource location such as {@code classpath:samples}
	 */
	public static List<Resource> resources(String location, List<String> patterns) {
		String base = location.endsWith("/") ? location : location + "/";
		if (!base.contains(":") || base.matches("^[A-Za-z]:[/\\\\].*")) {
			base = ResourceUtils.FILE_URL_PREFIX + base;
		}
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		List<Resource> found = new ArrayList<>();
		for (String pattern : patterns) {
			try {
				found.addAll(Arrays.asList(resolver.getResources(base + pattern)));
			}
			catch (IOException ex) {
				logger.warn("Could not list definition files " + base + pattern + ": " + ex.getMessage());
			}
		}
		found.removeIf((resource) -> !resource.exists());
		found.sort(Comparator.comparing(Resource::getDescription));
		return found;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
