package io.tollgate.model;

import java.util.List;
import java.util.Map;

import io.tollgate.test.TestApis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceTreeTests {

	private final ResourceTree tree = ResourceTree.of("api", List.of(Resource.root("rootid")));

	@Test
	void ensureCreatesTheMissingAncestorsParentsFirstWithDerivedIds() {
		Resource pet = this.tree.ensure("/pets/{petId}", Map.of());
		assertThat(this.tree.resources()).extracting(Resource::path).containsExactly("/", "/pets", "/pets/{petId}");
		assertThat(pet.parentId()).isEqualTo(this.tree.byPath("/pets").orElseThrow().id());
		assertThat(pet.id()).isEqualTo(ModelIds.derived("api:/pets/{petId}"));
		assertThat(this.tree.ensure("/pets/{petId}", Map.of())).isSameAs(pet);
	}

	@Test
	void knownIdsAreKeptForTheirPaths() {
		assertThat(this.tree.ensure("/pets", Map.of("/pets", "keptid0001")).id()).isEqualTo("keptid0001");
	}

	@Test
	void refusedResourceLeavesTheTreeAsItWas() {
		this.tree.ensure("/files/{proxy+}", Map.of());
		this.tree.ensure("/pets/{petId}", Map.of());
		assertThatThrownBy(() -> this.tree.ensure("/files/{proxy+}/x", Map.of()))
			.isInstanceOf(ApiModelException.BadRequest.class)
			.hasMessageContaining("greedy");
		assertThatThrownBy(() -> this.tree.ensure("/pets/{other}", Map.of()))
			.isInstanceOf(ApiModelException.BadRequest.class)
			.hasMessageContaining("only one is allowed");
		assertThat(this.tree.resources()).extracting(Resource::path)
			.containsExactly("/", "/files", "/files/{proxy+}", "/pets", "/pets/{petId}");
	}

	@Test
	void putMethodReplacesTheResourceInPlace() {
		Resource pets = this.tree.ensure("/pets", Map.of());
		this.tree.putMethod(pets.id(), TestApis.method("GET", TestApis.mock("{}")));
		assertThat(this.tree.byPath("/pets").orElseThrow().resourceMethods()).containsOnlyKeys("GET");
		assertThat(this.tree.resources().get(1).resourceMethods()).containsOnlyKeys("GET");
	}

	@Test
	void treeOfAnApiIsCheckedWhole() {
		Resource orphan = new Resource("orphan0001", "nosuchparent", "x", "/x", null);
		assertThatThrownBy(() -> ResourceTree.of("api", List.of(Resource.root("rootid"), orphan)))
			.isInstanceOf(ApiModelException.BadRequest.class)
			.hasMessageContaining("parents must come before their children");
	}

}
