package io.tollgate.cache;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the stage cache, under {@code tollgate.cache.*}. A stage's {@code cacheClusterSize} (0.5 to 237 GB
 * in AWS) becomes an in-process memory budget of {@code cacheClusterSize x memoryPerClusterGb}, at most
 * {@code maxStageMemory}; with Redis, Redis's own {@code maxmemory} bounds the cache instead.
 *
 * @param enabled turns the stage cache off for every stage, whatever the stages say
 * @param memoryPerClusterGb in-process bytes granted per GB of a stage's cache cluster size
 * @param maxStageMemory the most memory one stage's in-process cache may use
 * @param maxEntrySize responses larger than this pass through uncached (AWS: 1,048,576 bytes)
 */
@ConfigurationProperties(ResponseCacheProperties.PREFIX)
public record ResponseCacheProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("16MB") DataSize memoryPerClusterGb, @DefaultValue("256MB") DataSize maxStageMemory,
		@DefaultValue("1MB") DataSize maxEntrySize) {

	public static final String PREFIX = "tollgate.cache";

	public ResponseCacheProperties {
		if (maxEntrySize.toBytes() <= 0 || maxEntrySize.toBytes() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("tollgate.cache.max-entry-size must be positive and below 2 GB");
		}
	}

	/** The in-process budget of a stage with the given {@code cacheClusterSize} (GB, as a string; 0.5 if unset). */
	public long stageCapacityBytes(@Nullable String cacheClusterSize) {
		double gigabytes;
		try {
			gigabytes = (cacheClusterSize != null) ? Double.parseDouble(cacheClusterSize) : 0.5;
		}
		catch (NumberFormatException ex) {
			gigabytes = 0.5;
		}
		long bytes = (long) (gigabytes * this.memoryPerClusterGb.toBytes());
		return Math.max(1, Math.min(bytes, this.maxStageMemory.toBytes()));
	}

}
