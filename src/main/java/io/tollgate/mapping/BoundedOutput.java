package io.tollgate.mapping;

import java.io.Writer;
import java.nio.CharBuffer;

/**
 * The render target: counts UTF-8 bytes as they are written and fails the render as soon as the output limit is
 * passed or the time is up, so a runaway template stops at the first write over the line.
 */
final class BoundedOutput extends Writer {

	private final StringBuilder text = new StringBuilder();

	private final RenderBudget budget;

	private final long maxBytes;

	private long bytes;

	BoundedOutput(RenderBudget budget, int maxBytes) {
		this.budget = budget;
		this.maxBytes = maxBytes;
	}

	@Override
	public void write(char[] chars, int offset, int length) {
		this.budget.checkDeadline();
		count(CharBuffer.wrap(chars, offset, length));
		this.text.append(chars, offset, length);
	}

	@Override
	public void write(String string) {
		this.budget.checkDeadline();
		count(string);
		this.text.append(string);
	}

	@Override
	public void write(String string, int offset, int length) {
		write(string.substring(offset, offset + length));
	}

	private void count(CharSequence chars) {
		this.bytes += utf8Length(chars);
		if (this.bytes > this.maxBytes) {
			throw new MappingTemplateException("Mapping template output exceeded " + this.maxBytes + " bytes");
		}
	}

	static long utf8Length(CharSequence chars) {
		long length = 0;
		for (int i = 0; i < chars.length(); i++) {
			char c = chars.charAt(i);
			if (c < 0x80) {
				length++;
			}
			else if (c < 0x800 || Character.isSurrogate(c)) {
				// A surrogate pair is 4 bytes, counted as 2 + 2.
				length += 2;
			}
			else {
				length += 3;
			}
		}
		return length;
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
	}

	@Override
	public String toString() {
		return this.text.toString();
	}

}
