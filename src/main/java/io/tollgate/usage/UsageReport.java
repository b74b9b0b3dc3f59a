package io.tollgate.usage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tollgate.usage.UsageLimiter.UsageDay;
import org.jspecify.annotations.Nullable;

/**
 * Turns the recorded days of a key into GetUsage's {@code [used, remaining]} pairs, one per day. A day without a
 * record used nothing and kept the remaining of the day before it in the same quota period, or the whole limit when
 * it starts a period. Without a quota the remaining is reported as 0.
 */
public final class UsageReport {

	private UsageReport() {
	}

	/** The first day whose record the report of a range starting at {@code start} needs: its period's start. */
	public static LocalDate firstDayNeeded(@Nullable QuotaSettings quota, LocalDate start) {
		return (quota != null) ? QuotaWindow.of(quota, start).start() : start;
	}

	/** One {@code [used, remaining]} pair per day from {@code start} to {@code end}, inclusive. */
	public static List<List<Long>> days(Map<LocalDate, UsageDay> recorded, @Nullable QuotaSettings quota,
			LocalDate start, LocalDate end) {
		List<List<Long>> days = new ArrayList<>();
		QuotaWindow window = null;
		long remaining = 0;
		for (LocalDate day = firstDayNeeded(quota, start); !day.isAfter(end); day = day.plusDays(1)) {
			if (quota != null && (window == null || !window.contains(day))) {
				window = QuotaWindow.of(quota, day);
				remaining = quota.limit();
			}
			UsageDay record = recorded.get(day);
			if (record != null && record.remaining() != null && quota != null) {
				remaining = record.remaining();
			}
			if (!day.isBefore(start)) {
				days.add(List.of((record != null) ? record.used() : 0L, remaining));
			}
		}
		return days;
	}

}
