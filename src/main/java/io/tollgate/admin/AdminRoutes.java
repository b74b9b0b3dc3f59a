package io.tollgate.admin;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** One family of management operations (REST APIs, resources, stages, ...), contributed as routes. */
@FunctionalInterface
public interface AdminRoutes {

	RouterFunction<ServerResponse> routes();

}
