package io.tollgate.usage;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/**
 * The quota period a day belongs to, aligned to UTC days as API Gateway aligns them: a DAY is the calendar day; a
 * WEEK starts on Sunday plus the offset (0 Sunday, 1 Monday, ...); a MONTH starts on day {@code offset + 1} of the
 * month.
 *
 * @param start the first day of the period
 * @param end the first day after it
 */
public record QuotaWindow(LocalDate start, LocalDate end) {

	/** The period of {@code quota} that contains {@code day} (a UTC date). */
	public static QuotaWindow of(QuotaSettings quota, LocalDate day) {
		return switch (quota.period()) {
			case DAY -> new QuotaWindow(day, day.plusDays(1));
			case WEEK -> {
				DayOfWeek first = DayOfWeek.SUNDAY.plus(quota.offset());
				LocalDate start = day.with(TemporalAdjusters.previousOrSame(first));
				yield new QuotaWindow(start, start.plusWeeks(1));
			}
			case MONTH -> {
				int firstDay = quota.offset() + 1;
				LocalDate start = (day.getDayOfMonth() >= firstDay) ? day.withDayOfMonth(firstDay)
						: day.minusMonths(1).withDayOfMonth(firstDay);
				yield new QuotaWindow(start, start.plusMonths(1));
			}
		};
	}

	public boolean contains(LocalDate day) {
		return !day.isBefore(this.start) && day.isBefore(this.end);
	}

}
