package io.tollgate.model.v2;

/** A Lambda function deciding on the request ({@code REQUEST}) or a JWT checked against an issuer ({@code JWT}). */
public enum AuthorizerType {

	REQUEST, JWT

}
