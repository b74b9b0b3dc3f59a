package io.tollgate.usage;

import io.tollgate.model.ApiModelException;
import org.jspecify.annotations.Nullable;

/**
 * How many requests one API key may make per period under a usage plan (AWS {@code QuotaSettings}).
 *
 * @param limit the requests allowed per period
 * @param offset where the period starts: see {@link QuotaPeriod}
 * @param period the period
 */
public record QuotaSettings(int limit, int offset, QuotaPeriod period) {

	public QuotaSettings(int limit, int offset, @Nullable QuotaPeriod period) {
		if (period == null) {
			throw ApiModelException.badRequest("Invalid quota: a period (DAY, WEEK or MONTH) is required");
		}
		if (limit < 0) {
			throw ApiModelException.badRequest("Invalid quota limit: must not be negative");
		}
		if (offset < 0 || offset >= period.offsets()) {
			throw ApiModelException.badRequest("Invalid quota offset " + offset + " for period " + period
					+ ": must be from 0 to " + (period.offsets() - 1));
		}
		this.limit = limit;
		this.offset = offset;
		this.period = period;
	}

}
