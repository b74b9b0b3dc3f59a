package io.tollgate.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestPathTests {

	@ParameterizedTest
	@CsvSource({ "/prod/admin, /prod/admin", "/prod/x/../admin, /prod/admin", "/prod/x/%2e%2e/admin, /prod/admin",
			"/prod/x/%2E%2E/admin, /prod/admin", "/prod/%61dmin, /prod/admin", "/prod/./admin, /prod/admin",
			"/prod/x//../admin, /prod/admin", "//prod///admin, /prod/admin", "/prod/admin/, /prod/admin/",
			"/../../prod/admin, /prod/admin", "/prod/x/.., /prod", "/, /", "'', /", "/prod/a/./, /prod/a/",
			"/prod/%7euser, /prod/~user", "/prod/a%20b, /prod/a%20b", "/prod/a%3fb, /prod/a%3Fb",
			"/prod/.%2e/admin, /admin", "/prod/..., /prod/..." })
	void pathsTakeTheirNormalForm(String raw, String normal) {
		assertThat(RequestPath.normalize(raw)).isEqualTo(normal);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/prod/admin%2f", "/prod/admin%2F", "/prod/x/..%2fadmin", "/prod/x%5c..%5cadmin",
			"/prod/x\\..\\admin", "/prod/a%", "/prod/a%4", "/prod/a%zz" })
	void encodedSeparatorsAndMalformedEscapesAreRefused(String raw) {
		assertThatExceptionOfType(RequestPath.InvalidPathException.class)
			.isThrownBy(() -> RequestPath.normalize(raw))
			.withMessageStartingWith("Invalid request path: ");
	}

	@Test
	void normalPathIsReturnedAsIs() {
		String path = "/restapis/shop/prod/_user_request_/pets/42";
		assertThat(RequestPath.normalize(path)).isSameAs(path);
	}

}
