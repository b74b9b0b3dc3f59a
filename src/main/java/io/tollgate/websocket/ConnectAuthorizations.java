package io.tollgate.websocket;

import io.tollgate.model.v2.ApiConfiguration;
import io.tollgate.model.v2.Route;
import io.tollgate.model.v2.Stage;

/** Builds how a stage's {@code $connect} route is authorized: its API key requirement and its authorizer. */
public class ConnectAuthorizations {

	/** The authorization of {@code connect}, the API's {@code $connect} route, on {@code stage}. */
	ConnectAuthorization of(ApiConfiguration configuration, Route connect, Stage stage) {
		return ConnectAuthorization.NONE;
	}

}
