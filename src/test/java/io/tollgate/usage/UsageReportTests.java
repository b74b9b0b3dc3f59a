package io.tollgate.usage;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.tollgate.usage.UsageLimiter.UsageDay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UsageReportTests {

	private static final LocalDate MONDAY = LocalDate.parse("2026-11-23");

	@Test
	void daysWithoutRecordsKeepTheRemainingOfTheirPeriod() {
		QuotaSettings weekly = new QuotaSettings(100, 1, QuotaPeriod.WEEK);
		Map<LocalDate, UsageDay> recorded = Map.of(MONDAY, new UsageDay(10, 90L), MONDAY.plusDays(2),
				new UsageDay(5, 85L));
		assertThat(UsageReport.days(recorded, weekly, MONDAY.plusDays(1), MONDAY.plusDays(3)))
			.containsExactly(List.of(0L, 90L), List.of(5L, 85L), List.of(0L, 85L));
	}

	@Test
	void aNewPeriodStartsWithTheWholeLimit() {
		QuotaSettings daily = new QuotaSettings(3, 0, QuotaPeriod.DAY);
		Map<LocalDate, UsageDay> recorded = Map.of(MONDAY, new UsageDay(3, 0L));
		assertThat(UsageReport.days(recorded, daily, MONDAY, MONDAY.plusDays(1)))
			.containsExactly(List.of(3L, 0L), List.of(0L, 3L));
	}

	@Test
	void withoutQuotaTheRemainingIsZero() {
		assertThat(UsageReport.days(Map.of(MONDAY, new UsageDay(7, null)), null, MONDAY, MONDAY))
			.containsExactly(List.of(7L, 0L));
	}

}
