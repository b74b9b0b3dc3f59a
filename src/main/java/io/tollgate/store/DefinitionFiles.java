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
import java.util.function.Function;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.VersionedApi;
import io.tollgate.model.v2.ApiV2Definition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.ResourceUtils;

/**
 * Applies the definition files of a folder ({@code tollgate.definitions-dir}) to the store at start, before routes
 * are compiled, so that a Kubernetes ConfigMap can hold an API. Each file is one {@link ApiDocument} (a REST API),
 * one {@link ApiV2Document} (an HTTP or WebSocket API, told apart by its top-level {@code api}) or a document of one
 * of the {@link DefinitionFormat}s ({@code .yaml}, {@code .yml} or {@code .json}); a file that is invalid is
 * refused as a whole with the reason in the log, and the others still apply.
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

	private final @Nullable DefinitionStore<ApiV2Definition> v2Store;

	public DefinitionFiles(ApiStore store, String location) {
		this(store, location, List.of());
	}

	/** @param formats formats tried before the model's own ({@link ApiDocument}) */
	public DefinitionFiles(ApiStore store, String location, List<DefinitionFormat> formats) {
		this(store, null, location, formats);
	}

	/**
	 * @param v2Store where HTTP and WebSocket API files go; {@code null} refuses them
	 * @param formats formats tried before the model's own ({@link ApiDocument})
	 */
	public DefinitionFiles(ApiStore store, @Nullable DefinitionStore<ApiV2Definition> v2Store, String location,
			List<DefinitionFormat> formats) {
		this.store = store;
		this.v2Store = v2Store;
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
	@Nullable VersionedApi applyFile(Resource file) {
		String name = file.getDescription();
		try (InputStream in = file.getInputStream()) {
			String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			String fileName = java.util.Objects.requireNonNullElse(file.getFilename(), name);
			ApiV2Document v2 = readV2(fileName, content);
			Mono<? extends VersionedApi> applied = (v2 != null) ? applyV2(v2) : apply(read(fileName, content));
			return applied.doOnNext((stored) -> logger.info("Applied " + name + ": API " + stored.id() + " version "
					+ stored.version()))
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
		return apply(this.store, document.apiId(), document::applyTo);
	}

	/** Applies an HTTP or WebSocket API's definition, creating the API or changing it. */
	public Mono<ApiV2Definition> applyV2(ApiV2Document document) {
		if (this.v2Store == null) {
			return Mono.error(ApiModelException.badRequest("HTTP and WebSocket API files are not accepted here"));
		}
		return apply(this.v2Store, document.apiId(), document::applyTo);
	}

	private static <D extends VersionedApi> Mono<D> apply(DefinitionStore<D> store, String apiId,
			Function<@Nullable D, D> applyTo) {
		return store.find(apiId)
			.flatMap((current) -> {
				D applied = applyTo.apply(current);
				return (applied == current) ? Mono.just(current) : store.save(applied, current.version());
			})
			.switchIfEmpty(Mono.defer(() -> store.save(applyTo.apply(null), ApiStore.ABSENT)))
			.retryWhen(reactor.util.retry.Retry.max(16).filter(ApiStore.ConcurrentModificationException.class::isInstance));
	}

	/** The file as an HTTP or WebSocket API's definition, or {@code null} when it is none. */
	private static @Nullable ApiV2Document readV2(String fileName, String content) {
		JsonNode tree;
		try {
			tree = ApiV2Document.yaml().readTree(content);
		}
		catch (JacksonException ex) {
			return null;
		}
		if (tree == null || !ApiV2Document.isV2(tree)) {
			return null;
		}
		int dot = fileName.indexOf('.');
		return ApiV2Document.read(tree, (dot > 0) ? fileName.substring(0, dot) : fileName);
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
