package io.tollgate.admin;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.tollgate.admin.ResourceAdminFixtures.BuiltApi;
import io.tollgate.test.BaseAdminTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateResourceResponse;
import software.amazon.awssdk.services.apigateway.model.GetResourceResponse;
import software.amazon.awssdk.services.apigateway.model.GetResourcesResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.apigateway.model.UpdateResourceResponse;


import static io.tollgate.admin.ResourceAdminFixtures.deploy;
import static io.tollgate.admin.ResourceAdminFixtures.invokePath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceHandlerTests extends BaseAdminTests {

	private String apiId;

	private String rootId;

	@BeforeEach
	void createApi() {
		this.apiId = this.apiGateway.createRestApi((r) -> r.name("resources")).id();
		this.rootId = this.apiGateway.getResources((r) -> r.restApiId(this.apiId)).items().get(0).id();
	}

	private String create(String parentId, String pathPart) {
		return this.apiGateway.createResource((r) -> r.restApiId(this.apiId).parentId(parentId).pathPart(pathPart))
			.id();
	}

	private Map<String, Resource> resourcesByPath() {
		return this.apiGateway.getResources((r) -> r.restApiId(this.apiId).limit(500))
			.items()
			.stream()
			.collect(Collectors.toMap(Resource::path, Function.identity()));
	}

	@Nested
	class Create {

		@Test
		void createResourceAnswersCreatedWithItsPathAndParent() {
			CreateResourceResponse orders = apiGateway
				.createResource((r) -> r.restApiId(apiId).parentId(rootId).pathPart("orders"));
			assertThat(orders.sdkHttpResponse().statusCode()).isEqualTo(201);
			assertThat(orders.id()).matches("[a-z0-9]{10}");
			assertThat(orders.parentId()).isEqualTo(rootId);
			assertThat(orders.pathPart()).isEqualTo("orders");
			assertThat(orders.path()).isEqualTo("/orders");
			assertThat(orders.hasResourceMethods()).isFalse();

			CreateResourceResponse item = apiGateway
				.createResource((r) -> r.restApiId(apiId).parentId(orders.id()).pathPart("{orderId}"));
			assertThat(item.path()).isEqualTo("/orders/{orderId}");

			GetResourceResponse fetched = apiGateway.getResource((r) -> r.restApiId(apiId).resourceId(item.id()));
			assertThat(fetched.id()).isEqualTo(item.id());
			assertThat(fetched.parentId()).isEqualTo(orders.id());
			assertThat(fetched.pathPart()).isEqualTo("{orderId}");
			assertThat(fetched.path()).isEqualTo("/orders/{orderId}");
		}

		@Test
		void rootResourceHasNoParentAndNoPathPart() {
			GetResourceResponse root = apiGateway.getResource((r) -> r.restApiId(apiId).resourceId(rootId));
			assertThat(root.path()).isEqualTo("/");
			assertThat(root.parentId()).isNull();
			assertThat(root.pathPart()).isNull();
		}

		@Test
		void rootResourceCannotBeRenamedOrMoved() {
			String other = create(rootId, "other");
			assertThatThrownBy(() -> apiGateway.updateResource((r) -> r.restApiId(apiId)
				.resourceId(rootId)
				.patchOperations((op) -> op.op(Op.REPLACE).path("/pathPart").value("top"))))
				.isInstanceOf(BadRequestException.class)
				.hasMessageStartingWith("Root resource cannot update its pathPart.");
			assertThatThrownBy(() -> apiGateway.updateResource((r) -> r.restApiId(apiId)
				.resourceId(rootId)
				.patchOperations((op) -> op.op(Op.REPLACE).path("/parentId").value(other))))
				.isInstanceOf(BadRequestException.class)
				.hasMessageStartingWith("Root resource cannot update its parentId.");
		}

		@Test
		void duplicatePathPartIsAConflict() {
			create(rootId, "orders");
			assertThatThrownBy(() -> create(rootId, "orders")).isInstanceOf(ConflictException.class)
				.hasMessageContaining("Another resource with the same parent already has this name: orders")
				.satisfies((ex) -> assertThat(((ConflictException) ex).statusCode()).isEqualTo(409));
		}

		@Test
		void createResourceUnderUnknownParentIsNotFound() {
			assertThatThrownBy(() -> create("nosuchres1", "orders")).isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Resource identifier specified");
		}

		@Test
		void createResourceInUnknownApiIsNotFound() {
			assertThatThrownBy(() -> apiGateway
				.createResource((r) -> r.restApiId("nosuchapi1").parentId(rootId).pathPart("orders")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid API identifier specified");
		}

		@Test
		void invalidPathPartIsBadRequest() {
			assertThatThrownBy(() -> create(rootId, "a b")).isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Resource's path part only allow");
			assertThatThrownBy(() -> apiGateway.createResource((r) -> r.restApiId(apiId).parentId(rootId)))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("createResourceInput.pathPart");
		}

		@Test
		void childOfAGreedyResourceIsBadRequest() {
			String proxy = create(rootId, "{proxy+}");
			assertThatThrownBy(() -> create(proxy, "child")).isInstanceOf(BadRequestException.class)
				.hasMessageContaining("greedy path variable");
		}

		@Test
		void secondVariableSiblingIsBadRequest() {
			create(rootId, "{id}");
			assertThatThrownBy(() -> create(rootId, "{name}")).isInstanceOf(BadRequestException.class)
				.hasMessageContaining("only one is allowed");
		}

	}

	@Nested
	class Listing {

		@Test
		void getResourcesListsEveryResourceWithItsMethodVerbsOnly() {
			String orders = create(rootId, "orders");
			ResourceAdminFixtures.addMockMethod(apiGateway, apiId, orders, "GET", "{}");
			GetResourcesResponse resources = apiGateway.getResources((r) -> r.restApiId(apiId));
			assertThat(resources.items()).extracting(Resource::path).containsExactly("/", "/orders");
			Resource listed = resources.items().get(1);
			assertThat(listed.resourceMethods()).containsOnlyKeys("GET");
			assertThat(listed.resourceMethods().get("GET").httpMethod()).isNull();
			assertThat(resources.position()).isNull();
		}

		@Test
		void embedMethodsIncludesTheMethodsWithTheirIntegrations() {
			String orders = create(rootId, "orders");
			ResourceAdminFixtures.addMockMethod(apiGateway, apiId, orders, "GET", "{}");
			Resource listed = apiGateway.getResources((r) -> r.restApiId(apiId).embed("methods")).items().get(1);
			assertThat(listed.resourceMethods().get("GET").httpMethod()).isEqualTo("GET");
			assertThat(listed.resourceMethods().get("GET").methodIntegration().type()).isEqualTo(IntegrationType.MOCK);
			GetResourceResponse fetched = apiGateway
				.getResource((r) -> r.restApiId(apiId).resourceId(orders).embed("methods"));
			assertThat(fetched.resourceMethods().get("GET").methodResponses()).containsOnlyKeys("200");
			GetResourceResponse summary = apiGateway.getResource((r) -> r.restApiId(apiId).resourceId(orders));
			assertThat(summary.resourceMethods()).containsOnlyKeys("GET");
			assertThat(summary.resourceMethods().get("GET").methodIntegration()).isNull();
		}

		@Test
		void getResourcesPagesWithLimitAndPosition() {
			for (int i = 0; i < 4; i++) {
				create(rootId, "r" + i);
			}
			GetResourcesResponse first = apiGateway.getResources((r) -> r.restApiId(apiId).limit(3));
			assertThat(first.items()).extracting(Resource::path).containsExactly("/", "/r0", "/r1");
			assertThat(first.position()).isNotNull();
			GetResourcesResponse second = apiGateway
				.getResources((r) -> r.restApiId(apiId).limit(3).position(first.position()));
			assertThat(second.items()).extracting(Resource::path).containsExactly("/r2", "/r3");
			assertThat(second.position()).isNull();
			assertThat(apiGateway.getResourcesPaginator((r) -> r.restApiId(apiId).limit(2)).items())
				.extracting(Resource::path)
				.containsExactly("/", "/r0", "/r1", "/r2", "/r3");
		}

		@Test
		void getResourcesDefaultsToPagesOf25() {
			for (int i = 0; i < 25; i++) {
				create(rootId, "r" + i);
			}
			GetResourcesResponse first = apiGateway.getResources((r) -> r.restApiId(apiId));
			assertThat(first.items()).hasSize(25);
			assertThat(first.position()).isNotNull();
		}

		@Test
		void limitOutOfRangeIsBadRequest() {
			assertThatThrownBy(() -> apiGateway.getResources((r) -> r.restApiId(apiId).limit(501)))
				.isInstanceOf(BadRequestException.class);
		}

		@Test
		void unknownResourceIsNotFound() {
			assertThatThrownBy(() -> apiGateway.getResource((r) -> r.restApiId(apiId).resourceId("nosuchres1")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Resource identifier specified");
		}

	}

	@Nested
	class Update {

		@Test
		void renamingAResourceRecomputesThePathsOfItsSubtree() {
			String orders = create(rootId, "orders");
			String item = create(orders, "{orderId}");
			create(item, "lines");
			UpdateResourceResponse renamed = apiGateway.updateResource((r) -> r.restApiId(apiId)
				.resourceId(orders)
				.patchOperations((op) -> op.op(Op.REPLACE).path("/pathPart").value("purchases")));
			assertThat(renamed.path()).isEqualTo("/purchases");
			assertThat(renamed.pathPart()).isEqualTo("purchases");
			assertThat(resourcesByPath()).containsOnlyKeys("/", "/purchases", "/purchases/{orderId}",
					"/purchases/{orderId}/lines");
		}

		@Test
		void movingAResourceUnderALaterParentRecomputesPaths() {
			String orders = create(rootId, "orders");
			create(orders, "lines");
			String archive = create(rootId, "archive");
			UpdateResourceResponse moved = apiGateway.updateResource((r) -> r.restApiId(apiId)
				.resourceId(orders)
				.patchOperations((op) -> op.op(Op.REPLACE).path("/parentId").value(archive)));
			assertThat(moved.parentId()).isEqualTo(archive);
			assertThat(moved.path()).isEqualTo("/archive/orders");
			assertThat(resourcesByPath()).containsOnlyKeys("/", "/archive", "/archive/orders",
					"/archive/orders/lines");
			assertThat(resourcesByPath().get("/archive/orders/lines").parentId()).isEqualTo(orders);
		}

		@Test
		void movingAndRenamingInOneCallAppliesBoth() {
			String orders = create(rootId, "orders");
			String archive = create(rootId, "archive");
			UpdateResourceResponse moved = apiGateway.updateResource((r) -> r.restApiId(apiId)
				.resourceId(orders)
				.patchOperations((op) -> op.op(Op.REPLACE).path("/parentId").value(archive),
						(op) -> op.op(Op.REPLACE).path("/pathPart").value("old")));
			assertThat(moved.path()).isEqualTo("/archive/old");
		}

		@Test
		void movingAResourceUnderItsOwnDescendantIsBadRequest() {
			String orders = create(rootId, "orders");
			String lines = create(create(orders, "{orderId}"), "lines");
			assertThatThrownBy(() -> apiGateway.updateResource((r) -> r.restApiId(apiId)
				.resourceId(orders)
				.patchOperations((op) -> op.op(Op.REPLACE).path("/parentId").value(lines))))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Resources cannot be cyclical.");
		}

		@Test
		void movingUnderAnUnknownParentIsNotFound() {
			String orders = create(rootId, "orders");
			assertThatThrownBy(() -> apiGateway.updateResource((r) -> r.restApiId(apiId)
				.resourceId(orders)
				.patchOperations((op) -> op.op(Op.REPLACE).path("/parentId").value("nosuchres1"))))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Resource identifier specified");
		}

		@Test
		void renamingToASiblingsNameIsAConflict() {
			String orders = create(rootId, "orders");
			create(rootId, "items");
			assertThatThrownBy(() -> apiGateway.updateResource((r) -> r.restApiId(apiId)
				.resourceId(orders)
				.patchOperations((op) -> op.op(Op.REPLACE).path("/pathPart").value("items"))))
				.isInstanceOf(ConflictException.class)
				.hasMessageContaining("Another resource with the same parent already has this name: items");
			assertThat(resourcesByPath()).containsKeys("/orders", "/items");
		}

		@Test
		void unsupportedPatchPathIsBadRequest() {
			String orders = create(rootId, "orders");
			assertThatThrownBy(() -> apiGateway.updateResource((r) -> r.restApiId(apiId)
				.resourceId(orders)
				.patchOperations((op) -> op.op(Op.REPLACE).path("/path").value("/x"))))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid patch path '/path'");
			assertThatThrownBy(() -> apiGateway.updateResource((r) -> r.restApiId(apiId)
				.resourceId(orders)
				.patchOperations((op) -> op.op(Op.REMOVE).path("/pathPart"))))
				.isInstanceOf(BadRequestException.class);
		}

		@Test
		void rootResourceCannotBeMoved() {
			String orders = create(rootId, "orders");
			assertThatThrownBy(() -> apiGateway.updateResource((r) -> r.restApiId(apiId)
				.resourceId(rootId)
				.patchOperations((op) -> op.op(Op.REPLACE).path("/parentId").value(orders))))
				.isInstanceOf(BadRequestException.class);
		}

	}

	@Nested
	class Delete {

		@Test
		void deleteResourceDeletesItsSubtree() {
			String orders = create(rootId, "orders");
			String item = create(orders, "{orderId}");
			String items = create(rootId, "items");
			var deleted = apiGateway.deleteResource((r) -> r.restApiId(apiId).resourceId(orders));
			assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(202);
			assertThat(resourcesByPath()).containsOnlyKeys("/", "/items");
			assertThatThrownBy(() -> apiGateway.getResource((r) -> r.restApiId(apiId).resourceId(item)))
				.isInstanceOf(NotFoundException.class);
			assertThat(apiGateway.getResource((r) -> r.restApiId(apiId).resourceId(items)).path()).isEqualTo("/items");
		}

		@Test
		void rootResourceCannotBeDeleted() {
			assertThatThrownBy(() -> apiGateway.deleteResource((r) -> r.restApiId(apiId).resourceId(rootId)))
				.isInstanceOf(BadRequestException.class)
				.satisfies((ex) -> assertThat(((BadRequestException) ex).statusCode()).isEqualTo(400));
		}

		@Test
		void deletingAnUnknownResourceIsNotFound() {
			assertThatThrownBy(() -> apiGateway.deleteResource((r) -> r.restApiId(apiId).resourceId("nosuchres1")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Resource identifier specified");
		}

	}

	@Nested
	class DataPlane {

		@Test
		void renamedResourceIsServedUnderItsNewPathOnceRedeployed() {
			BuiltApi built = ResourceAdminFixtures.mockApi(apiGateway, "old", "{\"where\": \"$context.resourcePath\"}");
			deploy(store, routeLocator, built.apiId(), "d1");
			client.get().uri(invokePath(built.apiId(), "/old")).exchange().expectStatus().isOk();

			apiGateway.updateResource((r) -> r.restApiId(built.apiId())
				.resourceId(built.resourceId())
				.patchOperations((op) -> op.op(Op.REPLACE).path("/pathPart").value("new")));
			// The stage serves its deployment, not the edited resources, until it is redeployed.
			client.get().uri(invokePath(built.apiId(), "/old")).exchange().expectStatus().isOk();

			deploy(store, routeLocator, built.apiId(), "d2");
			client.get()
				.uri(invokePath(built.apiId(), "/new"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.json("{\"where\": \"/new\"}");
			client.get().uri(invokePath(built.apiId(), "/old")).exchange().expectStatus().isForbidden();
		}

		@Test
		void deletedResourceIsNoLongerServedOnceRedeployed() {
			BuiltApi built = ResourceAdminFixtures.mockApi(apiGateway, "kept", "{\"kept\": true}");
			String gone = apiGateway
				.createResource((r) -> r.restApiId(built.apiId()).parentId(rootOf(built.apiId())).pathPart("gone"))
				.id();
			ResourceAdminFixtures.addMockMethod(apiGateway, built.apiId(), gone, "GET", "{\"gone\": false}");
			deploy(store, routeLocator, built.apiId(), "d1");
			client.get().uri(invokePath(built.apiId(), "/gone")).exchange().expectStatus().isOk();

			apiGateway.deleteResource((r) -> r.restApiId(built.apiId()).resourceId(gone));
			deploy(store, routeLocator, built.apiId(), "d2");
			client.get().uri(invokePath(built.apiId(), "/gone")).exchange().expectStatus().isForbidden();
			client.get().uri(invokePath(built.apiId(), "/kept")).exchange().expectStatus().isOk();
		}

		private String rootOf(String id) {
			List<Resource> items = apiGateway.getResources((r) -> r.restApiId(id)).items();
			return items.stream().filter((resource) -> resource.path().equals("/")).findFirst().orElseThrow().id();
		}

	}

}
