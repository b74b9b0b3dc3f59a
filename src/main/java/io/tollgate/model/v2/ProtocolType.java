package io.tollgate.model.v2;

/** The two kinds of v2 API. */
public enum ProtocolType {

	HTTP, WEBSOCKET

}
