package io.tollgate.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A clock tests move by hand, for quota periods and usage days: {@code @Import(TestClock.Configuration.class)} makes
 * it the application's {@link Clock}. It starts at the real time, so Redis expiries stay sensible.
 */
public final class TestClock extends Clock {

	private volatile Instant now = Instant.now();

	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	/** Today, as a UTC date. */
	public LocalDate today() {
		return LocalDate.ofInstant(this.now, ZoneOffset.UTC);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		TestClock usageClock() {
			return new TestClock();
		}

	}

}
