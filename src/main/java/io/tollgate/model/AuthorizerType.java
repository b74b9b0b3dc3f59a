package io.tollgate.model;

/** The kinds of authorizer: Lambda with a token, Lambda with request parameters, or a Cognito user pool. */
public enum AuthorizerType {

	TOKEN, REQUEST, COGNITO_USER_POOLS

}
