package io.tollgate.usage;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaWindowTests {

	private static final LocalDate WEDNESDAY = LocalDate.parse("2026-11-25");

	@Test
	void dayIsTheUtcCalendarDay() {
		assertThat(QuotaWindow.of(new QuotaSettings(10, 0, QuotaPeriod.DAY), WEDNESDAY))
			.isEqualTo(new QuotaWindow(WEDNESDAY, WEDNESDAY.plusDays(1)));
	}

	@Test
	void weekOffsetZeroStartsOnSunday() {
		QuotaWindow window = QuotaWindow.of(new QuotaSettings(10, 0, QuotaPeriod.WEEK), WEDNESDAY);
		assertThat(window).isEqualTo(new QuotaWindow(LocalDate.parse("2026-11-22"), LocalDate.parse("2026-11-29")));
	}

	@Test
	void weekOffsetOneStartsOnMondayAndAMondayStartsItsOwnWeek() {
		QuotaSettings quota = new QuotaSettings(10, 1, QuotaPeriod.WEEK);
		assertThat(QuotaWindow.of(quota, WEDNESDAY).start()).isEqualTo(LocalDate.parse("2026-11-23"));
		assertThat(QuotaWindow.of(quota, LocalDate.parse("2026-11-30")).start())
			.isEqualTo(LocalDate.parse("2026-11-30"));
		assertThat(QuotaWindow.of(quota, LocalDate.parse("2026-11-29")).start())
			.isEqualTo(LocalDate.parse("2026-11-23"));
	}

	@Test
	void monthOffsetIsTheDayOfTheMonthCountedFromZero() {
		QuotaSettings firstOfMonth = new QuotaSettings(10, 0, QuotaPeriod.MONTH);
		assertThat(QuotaWindow.of(firstOfMonth, WEDNESDAY))
			.isEqualTo(new QuotaWindow(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01")));
		QuotaSettings fifteenth = new QuotaSettings(10, 14, QuotaPeriod.MONTH);
		assertThat(QuotaWindow.of(fifteenth, WEDNESDAY))
			.isEqualTo(new QuotaWindow(LocalDate.parse("2026-11-15"), LocalDate.parse("2026-12-15")));
		assertThat(QuotaWindow.of(fifteenth, LocalDate.parse("2026-01-14")))
			.isEqualTo(new QuotaWindow(LocalDate.parse("2025-12-15"), LocalDate.parse("2026-01-15")));
	}

	@Test
	void monthWithTheLatestOffsetFitsFebruary() {
		QuotaSettings quota = new QuotaSettings(10, 27, QuotaPeriod.MONTH);
		assertThat(QuotaWindow.of(quota, LocalDate.parse("2026-03-01")))
			.isEqualTo(new QuotaWindow(LocalDate.parse("2026-02-28"), LocalDate.parse("2026-03-28")));
	}

}
