package io.tollgate.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MappingTemplateEngineTests {

	private static final String PET = "{\"name\":\"Fido\",\"price\":249.99,\"tags\":[\"good\",\"boy\",\"dog\"],"
			+ "\"owner\":{\"id\":7}}";

	private static final int ITEMS = 370_000;

	private final MappingTemplateEngine engine = new MappingTemplateEngine();

	/** 370,000 small objects, about 10 MB: AWS's payload limit. */
	private static String tenMegabyteJsonArray() {
		StringBuilder body = new StringBuilder("[");
		for (int i = 0; i < ITEMS; i++) {
			body.append((i == 0) ? "" : ",").append("{\"id\":").append(100_000 + i).append(",\"name\":\"item\"}");
		}
		return body.append(']').toString();
	}

	private String render(String template) {
		return this.engine.render(template, variables(PET));
	}

	private static TemplateVariables variables(String body) {
		Map<String, String> header = new LinkedHashMap<>();
		header.put("Accept", "application/json");
		header.put("X-Trace", "header-value");
		Map<String, Object> context = new LinkedHashMap<>();
		context.put("requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
		context.put("stage", "prod");
		context.put("identity", Map.of("sourceIp", "192.0.2.1", "userAgent", "curl/7.84.0"));
		Map<String, String> querystring = new LinkedHashMap<>();
		querystring.put("petId", "from-query");
		querystring.put("type", "dog");
		return new TemplateVariables(context, Map.of("version", "v2"),
				new TemplateInput(body, Map.of("petId", "42"), querystring, header));
	}

	@Nested
	class Input {

		@Test
		void renderWhenTemplateReadsBodyThenRawBody() {
			assertThat(render("$input.body")).isEqualTo(PET);
		}

		@Test
		void renderWhenTemplateUsesJsonThenJsonTextOfSelection() {
			assertThat(render("{\"pet\": $input.json('$'), \"price\": $input.json('$.price'), "
					+ "\"owner\": $input.json('$.owner'), \"name\": $input.json('$.name')}"))
				.isEqualTo("{\"pet\": " + PET + ", \"price\": 249.99, \"owner\": {\"id\":7}, \"name\": \"Fido\"}");
		}

		@Test
		void renderWhenJsonPathIsIndefiniteThenJsonArray() {
			assertThat(render("$input.json('$.tags[0:2]')")).isEqualTo("[\"good\",\"boy\"]");
		}

		@Test
		void renderWhenTemplateUsesPathThenNavigableObject() {
			assertThat(render("$input.path('$.tags').size() $input.path('$.tags').get(1) $input.path('$').owner.id"))
				.isEqualTo("3 boy 7");
		}

		@Test
		void renderWhenPathSelectsNothingThenEmpty() {
			assertThat(render("[$input.path('$.missing')][$input.path('$.owner.missing')]")).isEqualTo("[][]");
		}

		@Test
		void renderWhenBodyIsEmptyThenJsonIsEmptyObject() {
			assertThat(engine.render("$input.json('$')", variables(""))).isEqualTo("{}");
		}

		@Test
		void renderWhenBodyIsNotJsonAndTemplateReadsPathThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> engine.render("$input.path('$.a')", variables("not json")))
				.withMessageContaining("invalid JSON");
		}

		@Test
		void renderWhenBodyIsNotJsonAndTemplateReadsBodyThenRendered() {
			assertThat(engine.render("$input.body", variables("not json"))).isEqualTo("not json");
		}

		@Test
		void renderWhenParamsHasNoNameThenMapOfPathQuerystringAndHeader() {
			assertThat(render("$input.params()")).isEqualTo("{path={petId=42}, querystring={petId=from-query, type=dog}, "
					+ "header={Accept=application/json, X-Trace=header-value}}");
		}

		@Test
		void renderWhenTemplatePassesAllParamsAsAwsDocumentsThenEveryParameterListed() {
			String template = "#set($allParams = $input.params())\n"
					+ "{#foreach($type in $allParams.keySet())#set($params = $allParams.get($type))\"$type\":{"
					+ "#foreach($paramName in $params.keySet())"
					+ "\"$paramName\":\"$util.escapeJavaScript($params.get($paramName))\"#if($foreach.hasNext),#end"
					+ "#end}#if($foreach.hasNext),#end#end}";
			assertThat(render(template)).isEqualTo("{\"path\":{\"petId\":\"42\"},"
					+ "\"querystring\":{\"petId\":\"from-query\",\"type\":\"dog\"},"
					+ "\"header\":{\"Accept\":\"application\\/json\",\"X-Trace\":\"header-value\"}}");
		}

		@Test
		void renderWhenParamIsNamedThenPathThenQuerystringThenHeader() {
			assertThat(render("$input.params('petId') $input.params('type') $input.params('X-Trace')"))
				.isEqualTo("42 dog header-value");
		}

		@Test
		void renderWhenHeaderParamNameDiffersInCaseThenFound() {
			assertThat(render("$input.params('x-trace')")).isEqualTo("header-value");
		}

		@Test
		void renderWhenParamIsUnknownThenEmpty() {
			assertThat(render("[$input.params('nope')]")).isEqualTo("[]");
		}

	}

	@Nested
	class ContextAndStageVariables {

		@Test
		void renderWhenTemplateReadsContextThenValues() {
			assertThat(render("\"$context.requestId\" \"$context.stage\" \"$context.identity.sourceIp\""))
				.isEqualTo("\"c6af9ac6-7b61-11e6-9a41-93e8deadbeef\" \"prod\" \"192.0.2.1\"");
		}

		@Test
		void renderWhenContextValueIsUndefinedThenEmpty() {
			assertThat(render("[$context.authorizer.claims.sub]")).isEqualTo("[]");
		}

		@Test
		void renderWhenTemplateReadsStageVariableThenValueInBothSyntaxes() {
			assertThat(render("$stageVariables.version ${stageVariables.version}")).isEqualTo("v2 v2");
		}

		@Test
		void renderWhenStageVariableIsUndefinedThenEmptyAsAws() {
			assertThat(render("{\"version\":\"$stageVariables.missing\"}")).isEqualTo("{\"version\":\"\"}");
		}

	}

	@Nested
	class Util {

		@Test
		void renderWhenEscapeJavaScriptThenJavaScriptStringRules() {
			assertThat(render("$util.escapeJavaScript($input.params('q'))")).isEmpty();
			TemplateVariables variables = new TemplateVariables(Map.of(), Map.of(), new TemplateInput(
					"He said \"it's\" / done\n\t\u00e9", Map.of(), Map.of(), Map.of()));
			assertThat(engine.render("$util.escapeJavaScript($input.body)", variables))
				.isEqualTo("He said \\\"it\\'s\\\" \\/ done\\n\\t\\u00E9");
		}

		@Test
		void renderWhenEscapedQuoteIsReplacedAsAwsDocumentsThenValidJsonString() {
			TemplateVariables variables = new TemplateVariables(Map.of(), Map.of(),
					new TemplateInput("it's", Map.of(), Map.of(), Map.of()));
			assertThat(engine.render("\"$util.escapeJavaScript($input.body).replaceAll(\"\\\\'\",\"'\")\"", variables))
				.isEqualTo("\"it's\"");
		}

		@Test
		void renderWhenParseJsonThenObject() {
			assertThat(render("#set($obj = $util.parseJson('{\"a\":[1,2,{\"b\":\"c\"}]}'))$obj.a.size() $obj.a[2].b"))
				.isEqualTo("3 c");
		}

		@Test
		void renderWhenParseJsonOfInvalidTextThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("$util.parseJson('{oops')"))
				.withMessageContaining("invalid JSON")
				.withMessageNotContaining("oops");
		}

		@Test
		void renderWhenUrlEncodeAndDecodeThenFormEncoding() {
			assertThat(render("$util.urlEncode('a b&c=d/é') $util.urlDecode('a+b%26c%3Dd%2F%C3%A9')"))
				.isEqualTo("a+b%26c%3Dd%2F%C3%A9 a b&c=d/é");
		}

		@Test
		void renderWhenBase64EncodeAndDecodeThenUtf8Base64() {
			assertThat(render("$util.base64Encode('Hello, é') $util.base64Decode('SGVsbG8sIMOp')"))
				.isEqualTo("SGVsbG8sIMOp Hello, é");
		}

		@Test
		void renderWhenBase64DecodeOfGarbageThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("$util.base64Decode('***')"));
		}

	}

	@Nested
	class ResponseOverrides {

		@Test
		void renderWithOverridesWhenTemplateSetsStatusAndHeaderThenReported() {
			RenderedTemplate rendered = engine.renderWithOverrides("#set($context.responseOverride.status = 444)"
					+ "#set($context.responseOverride.header.Foo = 'bar')"
					+ "$context.responseOverride.status $context.responseOverride.header.Foo", variables(PET));
			assertThat(rendered.output()).isEqualTo("444 bar");
			assertThat(rendered.statusOverride()).isEqualTo(444);
			assertThat(rendered.headerOverrides()).containsExactly(Map.entry("Foo", "bar"));
		}

		@Test
		void renderWithOverridesWhenHeaderNameHasHyphenThenSetThroughPut() {
			RenderedTemplate rendered = engine.renderWithOverrides(
					"$context.responseOverride.header.put('Content-Type', 'text/plain')", variables(PET));
			assertThat(rendered.headerOverrides()).containsExactly(Map.entry("Content-Type", "text/plain"));
		}

		@Test
		void renderWithOverridesWhenNothingSetThenNoOverrides() {
			RenderedTemplate rendered = engine.renderWithOverrides("ok", variables(PET));
			assertThat(rendered.statusOverride()).isNull();
			assertThat(rendered.headerOverrides()).isEmpty();
		}

		@Test
		void renderWhenStatusOverrideIsNotAStatusThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#set($context.responseOverride.status = 'teapot')"));
		}

		@Test
		void renderWhenTemplateSetsOtherContextValueThenIgnored() {
			assertThat(render("#set($context.requestId = 'forged')$context.requestId"))
				.isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
		}

	}

	@Nested
	class Language {

		@Test
		void renderWhenForeachWithHasNextThenJoined() {
			assertThat(render("[#foreach($tag in $input.path('$.tags'))\"$tag\"#if($foreach.hasNext),#end#end]"))
				.isEqualTo("[\"good\",\"boy\",\"dog\"]");
		}

		@Test
		void renderWhenForeachReadsLoopStateThenIndexCountFirstLast() {
			assertThat(render("#foreach($tag in $input.path('$.tags'))$foreach.index/$foreach.count"
					+ "#if($foreach.first)F#end#if($foreach.last)L#end #end"))
				.isEqualTo("0/1F 1/2 2/3L ");
		}

		@Test
		void renderWhenTemplateUsesIfElseSetAndMathThenVelocitySemantics() {
			assertThat(render("#set($n = $input.path('$.owner.id') * 6)#if($n > 40)big $n#{else}small#end"))
				.isEqualTo("big 42");
		}

		@Test
		void renderWhenTemplateUsesStringMethodsThenAllowed() {
			assertThat(render("$input.path('$.name').toUpperCase() $input.path('$.name').substring(1, 3) "
					+ "$input.path('$.name').length() $input.path('$.name').replace('F', 'f') "
					+ "$input.path('$.name').contains('id') #set($csv = 'a,b,c')#foreach($p in $csv.split(','))$p#end"))
				.isEqualTo("FIDO id 4 fido true abc");
		}

		@Test
		void renderWhenTemplateDefinesMacroThenMacroRendered() {
			assertThat(render("#macro(greet $who)Hello, $who!#end#greet($input.path('$.name'))"))
				.isEqualTo("Hello, Fido!");
		}

		@Test
		void renderWhenAnotherTemplateDefinedSameMacroThenOwnMacroUsed() {
			render("#macro(who)first#end#who()");
			assertThat(render("#macro(who)second#end#who()")).isEqualTo("second");
			assertThat(render("#who()")).doesNotContain("first").doesNotContain("second");
		}

		@Test
		void renderWhenTemplateHasSyntaxErrorThenRefusedWithPositionOnly() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#if($secret-value"))
				.withMessageContaining("syntax error")
				.withMessageNotContaining("secret");
		}

		@Test
		void renderWhenManyThreadsRenderSameTemplateThenEachGetsOwnResult() throws Exception {
			String template = "#set($total = 0)#foreach($i in [1..$input.path('$.n')])#set($total = $total + $i)#end"
					+ "$total $input.params('petId')";
			ExecutorService executor = Executors.newFixedThreadPool(8);
			try {
				List<Future<String>> results = new ArrayList<>();
				for (int n = 1; n <= 200; n++) {
					String body = "{\"n\":" + n + "}";
					results.add(executor.submit(() -> engine.render(template, variables(body))));
				}
				for (int n = 1; n <= 200; n++) {
					assertThat(results.get(n - 1).get()).isEqualTo((n * (n + 1) / 2) + " 42");
				}
			}
			finally {
				executor.shutdownNow();
			}
		}

		@Test
		void renderWhenSameTemplateRenderedTwiceThenCompiledOnceAndSameResult() {
			assertThat(render("$input.params('petId')")).isEqualTo("42");
			assertThat(render("$input.params('petId')")).isEqualTo("42");
		}

	}

	@Nested
	class InjectionPayloads {

		@TempDir
		Path directory;

		@Test
		void renderWhenTemplateReadsClassThenRefused() throws IOException {
			Path marker = this.directory.resolve("pwned");
			String output = render("#set($s='')$s.getClass().forName('java.lang.Runtime').getRuntime().exec('touch "
					+ marker + "')");
			assertThat(output).isEmpty();
			assertThat(marker).doesNotExist();
		}

		@Test
		void renderWhenTemplateReadsClassPropertyThenRefused() {
			assertThat(render("#set($s='')[$s.class.forName('java.lang.Runtime')][$s.class]")).isEqualTo("[][]");
		}

		@Test
		void renderWhenTemplateReadsClassLoaderThenRefused() {
			assertThat(render("[$input.body.class.classLoader][$input.class.classLoader][$context.class]"
					+ "[$util.getClass()][$foreach.getInfo()]")).isEqualTo("[][][][][]");
		}

		@Test
		void renderWhenTemplateIncludesFileThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#include('/etc/hostname')"))
				.withMessageContaining("#include");
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#include('../../../../etc/hostname')"));
		}

		@Test
		void renderWhenTemplateParsesFileThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#parse('/etc/passwd')"))
				.withMessageContaining("#parse");
		}

		@Test
		void renderWhenTemplateEvaluatesAttackerInputThenRefused() {
			TemplateVariables variables = variables("#set($s='')$s.getClass().forName('java.lang.Runtime')");
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> engine.render("#evaluate($input.body)", variables))
				.withMessageContaining("#evaluate");
		}

		@Test
		void renderWhenDirectiveIsHiddenInStringLiteralThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#set($x = \"#evaluate('1')\")$x"));
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#set($x = \"#include('/etc/passwd')\")$x"));
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#set($x = \"#foreach($i in [1..9])$i#end\")$x"));
		}

		@Test
		void renderWhenTemplateDefinesBlockThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#define($b)x#end$b"));
		}

		@Test
		void renderWhenMacroRecursesThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#macro(boom $n)#boom($n)#end#boom(1)"))
				.withMessageContaining("macro");
		}

		@Test
		void renderWhenTemplateCallsBlockMacroThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#macro(wrap)[$bodyContent]#end#@wrap()x#end"));
		}

		@Test
		void renderWhenMacrosFanOutThenTimeLimitStopsThem() {
			MappingTemplateEngine engine = new MappingTemplateEngine(
					new TemplateLimits(300 * 1024, 1024 * 1024, Duration.ofMillis(300), 1000));
			String calls = "#n()".repeat(100);
			String template = "#macro(n)#end#macro(d)" + calls + "#end"
					+ "#macro(c)" + calls.replace("#n()", "#d()") + "#end#macro(b)" + calls.replace("#n()", "#c()")
					+ "#end#macro(a)" + calls.replace("#n()", "#b()") + "#end#a()";
			long start = System.nanoTime();
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> engine.render(template, variables(PET)))
				.withMessageContaining("time limit");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		}

		@Test
		void renderWhenTemplateRepeatsStringThenRenderedHarmlessly() {
			long start = System.nanoTime();
			String output = render("#set($x='a')[$x.repeat(200000000)][$x.repeat(200000000).length()]");
			assertThat(output).isEqualTo("[][]");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		}

		@Test
		void renderWhenForeachRunsOverLargeRangeThenStopsAtLoopLimit() {
			assertThat(render("#set($n = 0)#foreach($i in [1..100000])#set($n = $n + 1)#end$n")).isEqualTo("1000");
		}

		@Test
		void renderWhenNestedForeachOverLargeRangesThenTimeLimitStopsIt() {
			MappingTemplateEngine engine = new MappingTemplateEngine(
					new TemplateLimits(300 * 1024, 1024 * 1024, Duration.ofMillis(300), 1000));
			long start = System.nanoTime();
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> engine.render("#foreach($i in [1..100000])#foreach($j in [1..100000])"
						+ "#foreach($k in [1..100000])#set($x = $k)#end#end#end", variables(PET)))
				.withMessageContaining("time limit");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		}

		@Test
		void renderWhenRangeIsHugeThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#set($r = [1..2000000000])$r"));
		}

		@Test
		void renderWhenParseJsonOfTenMegabyteBodyInLoopThenBodyParsedOnce() {
			String body = tenMegabyteJsonArray();
			// Time is not what this test measures: a loaded machine may need seconds to parse 10 MB.
			TemplateLimits untimed = new TemplateLimits(300 * 1024, 10 * 1024 * 1024, Duration.ofMinutes(1), 1000);
			MappingTemplateEngine engine = new MappingTemplateEngine(untimed);
			String output = engine.render("#foreach($i in [1..1000])$util.parseJson($input.body).size() #end"
					+ "$input.path('$').size()", variables(body));
			assertThat(output.split(" ")).hasSize(1001).containsOnly(String.valueOf(ITEMS));
			RenderBudget budget = new RenderBudget(untimed);
			RenderBudget previous = budget.bind();
			try {
				InputVariable input = new InputVariable(new TemplateInput(body, null, null, null));
				UtilVariable util = new UtilVariable(input);
				assertThat(util.parseJson(input.body())).isSameAs(util.parseJson(input.body()))
					.isSameAs(input.document());
			}
			finally {
				RenderBudget.restore(previous);
			}
		}

		@Test
		void renderWhenParseJsonOfTenMegabyteBodyOutlastsRenderTimeThenStoppedAtDeadline() {
			MappingTemplateEngine engine = new MappingTemplateEngine(
					new TemplateLimits(300 * 1024, 10 * 1024 * 1024, Duration.ofMillis(20), 1000));
			TemplateVariables variables = variables(tenMegabyteJsonArray());
			long start = System.nanoTime();
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> engine.render("$util.parseJson($input.body).size()", variables))
				.withMessageContaining("time limit");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		}

		@Test
		void renderWhenParseJsonOfCopiesOfTenMegabyteBodyThenRefusedByBudget() {
			String body = "[" + "1,".repeat(5 * 1024 * 1024) + "1]";
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> engine.render("#foreach($i in [1..1000])$util.parseJson(\"$input.body\").size()#end",
						variables(body)));
		}

		@Test
		void renderWhenTemplateIsOver300KilobytesThenRefusedBeforeParsing() {
			String template = "#if(" + "x".repeat(300 * 1024);
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render(template))
				.withMessage("Mapping template is larger than 307200 bytes");
		}

		@Test
		void renderWhenOutputIsOverLimitThenRefused() {
			MappingTemplateEngine engine = new MappingTemplateEngine(
					new TemplateLimits(300 * 1024, 64 * 1024, Duration.ofSeconds(1), 1000));
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> engine.render("#foreach($i in [1..1000])$input.body#end", variables(PET)))
				.withMessageContaining("output exceeded 65536 bytes");
		}

		@Test
		void renderWhenRegularExpressionBacktracksCatastrophicallyThenTimeLimitStopsIt() {
			MappingTemplateEngine engine = new MappingTemplateEngine(
					new TemplateLimits(300 * 1024, 1024 * 1024, Duration.ofMillis(300), 1000));
			long start = System.nanoTime();
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> engine.render("#set($s = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')"
						+ "$s.matches('(.*a){20}$')", variables(PET)))
				.withMessageContaining("time limit");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		}

		@Test
		void renderWhenStringDoublesByInterpolationThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#set($a = 'aaaaaaaa')#foreach($i in [1..64])#set($a = \"$a$a\")#end"));
		}

		@Test
		void renderWhenStringDoublesByConcatenationThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#set($a = 'aaaaaaaa')#foreach($i in [1..64])#set($a = $a + $a)#end"));
		}

		@Test
		void renderWhenReplaceAmplifiesThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> engine.render("#set($b = $input.body)$b.replace('', $b).replace('', $b)",
						variables("x".repeat(100_000))));
		}

		@Test
		void renderWhenSharedListDoublesThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#set($l = ['x'])#foreach($i in [1..64])#set($l = [$l, $l])#end$l"));
		}

		@Test
		void renderWhenNumberSquaresWithoutBoundThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("#set($n = 2)#foreach($i in [1..64])#set($n = $n * $n)#end$n"))
				.withMessageContaining("too large");
		}

		@Test
		void renderWhenTemplateMutatesCollectionThenIgnored() {
			assertThat(render("#set($m = {'a': 1})#set($l = [1])$m.put('b', 2)$l.add(2)$l.clear()$m $l"))
				.isEqualTo("{a=1} [1]");
		}

		@Test
		void renderWhenJsonPathUsesRegularExpressionFilterThenRefused() {
			assertThatExceptionOfType(MappingTemplateException.class)
				.isThrownBy(() -> render("$input.json('$.tags[?(@ =~ /(a+)+$/)]')"));
		}

	}

}
