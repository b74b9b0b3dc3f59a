package io.tollgate.usage;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

import io.tollgate.model.ApiModelException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListingPageTests {

	private static final List<String> IDS = List.of("a", "b", "c", "d", "e");

	@Test
	void pagesFollowPositions() {
		ListingPage<String> first = ListingPage.of(IDS, Function.identity(), null, "2");
		assertThat(first).isEqualTo(new ListingPage<>(List.of("a", "b"), "c"));
		ListingPage<String> second = ListingPage.of(IDS, Function.identity(), first.position(), "2");
		assertThat(second).isEqualTo(new ListingPage<>(List.of("c", "d"), "e"));
		assertThat(ListingPage.of(IDS, Function.identity(), second.position(), "2"))
			.isEqualTo(new ListingPage<>(List.of("e"), null));
	}

	@Test
	void positionOfADeletedItemStartsAtTheNextOne() {
		assertThat(ListingPage.of(List.of("a", "c"), Function.identity(), "b", null).items()).containsExactly("c");
	}

	@Test
	void defaultLimitIs25AndLimitsBeyond500AreRefused() {
		List<String> many = IntStream.range(100, 200).mapToObj(Integer::toString).toList();
		assertThat(ListingPage.of(many, Function.identity(), null, null).items()).hasSize(25);
		assertThatThrownBy(() -> ListingPage.of(many, Function.identity(), null, "501"))
			.isInstanceOf(ApiModelException.BadRequest.class);
		assertThatThrownBy(() -> ListingPage.of(many, Function.identity(), null, "x"))
			.isInstanceOf(ApiModelException.BadRequest.class);
	}

}
