package io.tollgate.logging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access log settings ({@code tollgate.access-log.*}).
 *
 * @param logger the logger access log lines are written to; route it with the logging configuration
 * @param queueCapacity lines waiting to be written; beyond it lines are dropped (and counted), never waited for
 */
@ConfigurationProperties(AccessLogProperties.PREFIX)
public record AccessLogProperties(@DefaultValue(AccessLog.LOGGER_NAME) String logger,
		@DefaultValue("10000") int queueCapacity) {

	public static final String PREFIX = "tollgate.access-log";

	public AccessLogProperties {
		if (queueCapacity < 1) {
			throw new IllegalArgumentException(PREFIX + ".queue-capacity must be positive");
		}
	}

}
