package io.tollgate.model.v2;

/** Whether a route's (or route response's) parameter must be present (AWS {@code ParameterConstraints}). */
public record ParameterConstraints(boolean required) {

}
