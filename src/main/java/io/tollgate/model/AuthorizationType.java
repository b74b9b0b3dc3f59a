package io.tollgate.model;

/** How callers of a method are authenticated. */
public enum AuthorizationType {

	NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS

}
