package io.tollgate.cache;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheControlHeaderTests {

	@Test
	void maxAgeZeroAloneRequestsRefresh() {
		assertThat(CacheControlHeader.requestsRefresh(List.of("max-age=0"))).isTrue();
	}

	@Test
	void maxAgeZeroAnywhereInTheDirectiveListRequestsRefresh() {
		assertThat(CacheControlHeader.requestsRefresh(List.of("no-cache, max-age=0"))).isTrue();
		assertThat(CacheControlHeader.requestsRefresh(List.of("no-store,max-age=0 ,private"))).isTrue();
		assertThat(CacheControlHeader.requestsRefresh(List.of("no-cache", "max-age=0"))).isTrue();
	}

	@Test
	void directiveNamesAreCaseInsensitiveAndValuesMayBeQuotedOrPadded() {
		assertThat(CacheControlHeader.requestsRefresh(List.of("MAX-AGE=0"))).isTrue();
		assertThat(CacheControlHeader.requestsRefresh(List.of("max-age=\"0\""))).isTrue();
		assertThat(CacheControlHeader.requestsRefresh(List.of("max-age = 00"))).isTrue();
	}

	@Test
	void otherDirectivesDoNotRequestRefresh() {
		assertThat(CacheControlHeader.requestsRefresh(List.of("no-cache"))).isFalse();
		assertThat(CacheControlHeader.requestsRefresh(List.of("max-age=10"))).isFalse();
		assertThat(CacheControlHeader.requestsRefresh(List.of("s-maxage=0"))).isFalse();
		assertThat(CacheControlHeader.requestsRefresh(List.of("x-max-age=0"))).isFalse();
		assertThat(CacheControlHeader.requestsRefresh(List.of("max-age="))).isFalse();
		assertThat(CacheControlHeader.requestsRefresh(List.of("max-age=0x"))).isFalse();
		assertThat(CacheControlHeader.requestsRefresh(List.of(""))).isFalse();
	}

	@Test
	void aCommaInsideAQuotedValueDoesNotStartADirective() {
		assertThat(CacheControlHeader.requestsRefresh(List.of("community=\"a, max-age=0\""))).isFalse();
	}

}
