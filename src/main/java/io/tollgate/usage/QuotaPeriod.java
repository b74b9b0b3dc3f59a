package io.tollgate.usage;

/** The period over which a usage plan's {@link QuotaSettings quota} counts requests. */
public enum QuotaPeriod {

	/** A calendar day (UTC); its offset must be 0. */
	DAY(1),

	/** A week; offset 0 starts it on Sunday, 1 on Monday, up to 6. */
	WEEK(7),

	/** A month; the offset is the day of the month it starts on, counted from 0, up to 27. */
	MONTH(28);

	private final int offsets;

	QuotaPeriod(int offsets) {
		this.offsets = offsets;
	}

	/** The number of valid offsets: an offset is valid from 0 to this minus 1. */
	public int offsets() {
		return this.offsets;
	}

}
