package io.tollgate.model.v2;

/** How callers of a route are authorized ({@code JWT} on HTTP APIs only; REST's Cognito type does not exist here). */
public enum AuthorizationType {

	NONE, AWS_IAM, CUSTOM, JWT

}
