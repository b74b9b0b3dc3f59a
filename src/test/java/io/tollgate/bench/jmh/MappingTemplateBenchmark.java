package io.tollgate.bench.jmh;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.mapping.TemplateInput;
import io.tollgate.mapping.TemplateVariables;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * VTL rendering in the sandbox: AWS's pet-store response transform (a loop over a JSON array read with
 * {@code $input.path}) and a request template reading parameters, context and stage variables.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MappingTemplateBenchmark {

	private static final String PETS = "[{\"id\":1,\"type\":\"dog\",\"price\":249.99},"
			+ "{\"id\":2,\"type\":\"cat\",\"price\":124.99},{\"id\":3,\"type\":\"fish\",\"price\":0.99}]";

	private static final String RESPONSE_TEMPLATE = """
			#set($inputRoot = $input.path('$'))
			[
			#foreach($elem in $inputRoot)
			  {"number": $elem.id, "class": "$elem.type", "salesPrice": $elem.price}#if($foreach.hasNext),#end
			#end
			]""";

	private static final String REQUEST_TEMPLATE = """
			{"type": "$input.params('type')", "stage": "$context.stage", "requestId": "$context.requestId",
			 "backend": "$stageVariables.backend", "body": $input.json('$')}""";

	private MappingTemplateEngine engine;

	private TemplateVariables response;

	private TemplateVariables request;

	@Setup
	public void prepare() {
		this.engine = new MappingTemplateEngine();
		Map<String, Object> context = Map.of("stage", "prod", "requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
		this.response = new TemplateVariables(context, Map.of(),
				new TemplateInput(PETS, Map.of(), Map.of(), Map.of()));
		this.request = new TemplateVariables(context, Map.of("backend", "http://pets.internal"),
				new TemplateInput("{\"name\":\"rex\"}", Map.of(), Map.of("type", "dog"), Map.of()));
	}

	@Benchmark
	public String petStoreResponseTransform() throws Exception {
		return this.engine.render(RESPONSE_TEMPLATE, this.response);
	}

	@Benchmark
	public String requestTemplate() throws Exception {
		return this.engine.render(REQUEST_TEMPLATE, this.request);
	}

}
