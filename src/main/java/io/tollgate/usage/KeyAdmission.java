package io.tollgate.usage;

/**
 * An API key admitted to a request's API stage by a usage plan: set by the API key step as an exchange attribute,
 * read by the throttle and quota step.
 *
 * @param keyId the API key's id
 * @param plan the plan that admits it to the stage
 */
public record KeyAdmission(String keyId, UsagePlan plan) {
}
