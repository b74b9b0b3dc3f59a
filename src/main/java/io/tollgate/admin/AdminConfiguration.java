package io.tollgate.admin;

import java.time.Clock;

import io.tollgate.config.ConnectionLimits;
import io.tollgate.config.TollgateProperties;
import io.tollgate.store.ApiStore;
import io.tollgate.usage.UsageLimiter;
import io.tollgate.usage.UsageStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The management API's server and its REST API, API key, usage plan and usage operations; the other families wire
 * themselves ({@link ResourceAdminConfiguration}, {@link StageAdminConfiguration}, ...). The admin package owns all
 * of its wiring, so nothing below it depends on it.
 */
@Configuration(proxyBeanMethods = false)
public class AdminConfiguration {

	@Bean
	@ConditionalOnExpression("${tollgate.admin.port:8081} >= 0")
	AdminServer adminServer(ObjectProvider<AdminRoutes> routes, TollgateProperties properties,
			ConnectionLimits limits) {
		return new AdminServer(properties.admin().port(), routes.orderedStream().toList(),
				new AdminAuthentication(properties.admin(), properties.region()),
				(server) -> limits.applyTo(server, properties.admin().maxConnections()));
	}

	@Bean
	RestApiHandler restApiHandler(ApiStore store) {
		return new RestApiHandler(store);
	}

	@Bean
	ApiKeyHandler apiKeyHandler(UsageStore usageStore, ApiStore apiStore) {
		return new ApiKeyHandler(usageStore, apiStore);
	}

	@Bean
	UsagePlanHandler usagePlanHandler(UsageStore usageStore, ApiStore apiStore) {
		return new UsagePlanHandler(usageStore, apiStore);
	}

	/** A {@link Clock} bean, when there is exactly one, dates usage days (tests move it). */
	@Bean
	UsageHandler usageHandler(UsageStore usageStore, UsageLimiter limiter, ObjectProvider<Clock> clock) {
		return new UsageHandler(usageStore, limiter, clock.getIfUnique(Clock::systemUTC));
	}

}
