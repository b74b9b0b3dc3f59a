package io.tollgate.cache;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CaffeineResponseCacheTests {

	private final ResponseCacheIntegrationTests.FakeTicker ticker = new ResponseCacheIntegrationTests.FakeTicker();

	private final CaffeineResponseCache cache = new CaffeineResponseCache(this.ticker);

	@Test
	void entryLivesForItsTtl() {
		ResponseCache.StageCache stage = this.cache.stage("api", "prod", 1_000_000);
		stage.put("k", response(10), Duration.ofSeconds(30)).block();
		this.ticker.advance(Duration.ofSeconds(29));
		assertThat(stage.get("k").block()).isNotNull();
		this.ticker.advance(Duration.ofSeconds(2));
		assertThat(stage.get("k").block()).isNull();
	}

	@Test
	void stageStaysWithinItsMemoryBudget() {
		ResponseCache.StageCache stage = this.cache.stage("api", "prod", 10_000);
		for (int i = 0; i < 50; i++) {
			stage.put("k" + i, response(1_000), Duration.ofMinutes(5)).block();
		}
		assertThat(this.cache.size("api", "prod")).isLessThanOrEqualTo(10);
	}

	@Test
	void flushEmptiesOnlyThatStage() {
		ResponseCache.StageCache prod = this.cache.stage("api", "prod", 1_000_000);
		ResponseCache.StageCache dev = this.cache.stage("api", "dev", 1_000_000);
		prod.put("k", response(1), Duration.ofMinutes(1)).block();
		dev.put("k", response(1), Duration.ofMinutes(1)).block();
		this.cache.flush("api", "prod").block();
		assertThat(prod.get("k").block()).isNull();
		assertThat(dev.get("k").block()).isNotNull();
	}

	@Test
	void aResizedStageStartsEmpty() {
		this.cache.stage("api", "prod", 1_000_000).put("k", response(1), Duration.ofMinutes(1)).block();
		assertThat(this.cache.stage("api", "prod", 1_000_000).get("k").block()).isNotNull();
		assertThat(this.cache.stage("api", "prod", 2_000_000).get("k").block()).isNull();
	}

	private static CachedResponse response(int bytes) {
		return new CachedResponse(200, List.of(), new byte[bytes]);
	}

}
