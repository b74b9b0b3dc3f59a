package io.tollgate.admin;

import io.tollgate.model.ApiDefinition;
import tools.jackson.databind.node.ObjectNode;

/**
 * A REST API as AWS's management API writes it: its settings and {@code rootResourceId}, the id of its root
 * resource, which infrastructure-as-code tools read to hang resources under.
 */
public final class RestApiRepresentation {

	private RestApiRepresentation() {
	}

	public static ObjectNode of(ApiDefinition api) {
		ObjectNode body = AdminJson.mapper().valueToTree(api.restApi());
		body.put("rootResourceId", api.rootResource().id());
		return body;
	}

}
