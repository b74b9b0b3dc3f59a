package io.tollgate.routing;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathTreeTests {

	private final PathTree<String> tree = PathTree.<String>builder()
		.put("/", "root")
		.put("/pets", "pets")
		.put("/pets/{petId}", "pet")
		.put("/pets/mine", "mine")
		.put("/pets/{petId}/toys", "toys")
		.put("/{proxy+}", "catch-all")
		.build();

	@Test
	void matchesRootAndLiterals() {
		assertThat(this.tree.match("/", (v) -> true).value()).isEqualTo("root");
		assertThat(this.tree.match("/pets", (v) -> true).value()).isEqualTo("pets");
	}

	@Test
	void literalBeatsParameterWhichBeatsGreedy() {
		assertThat(this.tree.match("/pets/mine", (v) -> true).value()).isEqualTo("mine");
		PathTree.Match<String> pet = this.tree.match("/pets/7", (v) -> true);
		assertThat(pet.value()).isEqualTo("pet");
		assertThat(pet.rawParameters()).isEqualTo(Map.of("petId", "7"));
		PathTree.Match<String> other = this.tree.match("/stores/1/x", (v) -> true);
		assertThat(other.value()).isEqualTo("catch-all");
		assertThat(other.rawParameters()).isEqualTo(Map.of("proxy", "stores/1/x"));
	}

	@Test
	void parametersAlongTheWayAreBound() {
		PathTree.Match<String> toys = this.tree.match("/pets/42/toys", (v) -> true);
		assertThat(toys.value()).isEqualTo("toys");
		assertThat(toys.rawParameters()).isEqualTo(Map.of("petId", "42"));
	}

	@Test
	void rejectedCandidateFallsBackToTheNextMostSpecific() {
		Set<String> withVerb = Set.of("pet", "catch-all");
		PathTree.Match<String> match = this.tree.match("/pets/mine", withVerb::contains);
		assertThat(match.value()).isEqualTo("pet");
		assertThat(match.rawParameters()).isEqualTo(Map.of("petId", "mine"));
		PathTree.Match<String> greedy = this.tree.match("/pets", Set.of("catch-all")::contains);
		assertThat(greedy.value()).isEqualTo("catch-all");
		assertThat(greedy.rawParameters()).isEqualTo(Map.of("proxy", "pets"));
	}

	@Test
	void emptySegmentsAndTrailingSlashesAreIgnored() {
		assertThat(this.tree.match("/pets/", (v) -> true).value()).isEqualTo("pets");
		assertThat(this.tree.match("//pets//7", (v) -> true).value()).isEqualTo("pet");
	}

	@Test
	void noMatchWithoutGreedyFallback() {
		PathTree<String> small = PathTree.<String>builder().put("/a/b", "ab").build();
		assertThat(small.match("/a", (v) -> true)).isNull();
		assertThat(small.match("/a/b/c", (v) -> true)).isNull();
		assertThat(small.match("/", (v) -> true)).isNull();
	}

	@Test
	void greedyDoesNotMatchItsParentPath() {
		PathTree<String> proxy = PathTree.<String>builder().put("/api/{proxy+}", "proxy").build();
		assertThat(proxy.match("/api", (v) -> true)).isNull();
		assertThat(proxy.match("/api/x", (v) -> true).rawParameters()).isEqualTo(Map.of("proxy", "x"));
	}

}
