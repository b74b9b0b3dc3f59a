package io.tollgate.model;

/** The kind of backend a method's integration calls. */
public enum IntegrationType {

	// In the order AWS's validation errors list them.
	HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS

}
