package io.tollgate.model;

/** The kind of backend a method's integration calls. */
public enum IntegrationType {

	MOCK, HTTP, HTTP_PROXY, AWS, AWS_PROXY

}
