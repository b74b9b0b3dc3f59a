package io.tollgate.mapping;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ScratchTests {

	@Test
	void scratch() {
		MappingTemplateEngine engine = new MappingTemplateEngine();
		TemplateVariables v = new TemplateVariables(Map.of(), Map.of(), new TemplateInput("#set($s='')$s.getClass()", null, null, null));
		String[] ts = {"#macro(wrap)[$bodyContent]#end#@wrap()x#end", "#macro(boom $n)#boom($n)#end#boom(1)", "#evaluate($input.body)",
			"#set($x = \"#evaluate('1')\")$x", "#set($x = \"#foreach($i in [1..9])$i#end\")$x", "#define($b)x#end$b",
			"#set($r = [1..2000000000])$r", "#set($a = 'aaaaaaaa')#foreach($i in [1..64])#set($a = \"$a$a\")#end",
			"#set($a = 'aaaaaaaa')#foreach($i in [1..64])#set($a = $a + $a)#end", "#set($l = ['x'])#foreach($i in [1..64])#set($l = [$l, $l])#end$l",
			"$input.json('$.tags[?(@ =~ /(a+)+$/)]')", "#set($context.responseOverride.status = 'teapot')", "$util.base64Decode('***')",
			"#if($secret-value", "#set($x = \"$input.body.substring(\")", "#include('/etc/hostname')", "$input.path('$.a[')", "$s.charAt(5)"};
		for (String t : ts) {
			try {
				System.out.println("OK  [" + engine.render(t, v) + "]");
			}
			catch (MappingTemplateException ex) {
				System.out.println("ERR " + ex.getMessage() + "   <- " + (ex.getCause() != null ? ex.getCause().getClass().getSimpleName() : ""));
			}
		}
	}

}
