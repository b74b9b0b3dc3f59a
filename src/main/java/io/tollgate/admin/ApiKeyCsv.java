package io.tollgate.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tollgate.model.ApiModelException;

/**
 * The CSV file of ImportApiKeys, in AWS's "API key file format": a header row naming the columns, in any order and
 * any case; {@code Name} and {@code Key} are required, {@code Description}, {@code Enabled} and {@code UsagePlanIds}
 * optional, others ignored. A field may be enclosed in double or single quotes (a doubled quote inside stands for
 * one), which is how several usage plan ids share the {@code UsagePlanIds} field.
 */
final class ApiKeyCsv {

	private static final String NAME = "name";

	private static final String KEY = "key";

	private ApiKeyCsv() {
	}

	/**
	 * One key of the file, as written: nothing is checked but the presence of the columns.
	 * @param line the line the row starts on, counting the header as line 1
	 * @param enabled the {@code Enabled} field, empty when absent
	 */
	record Row(int line, String name, String key, String description, String enabled, List<String> usagePlanIds) {

		@Override
		public String toString() {
			// Never the key: it is a secret.
			return "Row[line=" + this.line + ", name=" + this.name + "]";
		}

	}

	/**
	 * Reads the rows of a file; empty lines are skipped.
	 * @throws ApiModelException.BadRequest when the file has no header with the Name and Key columns, or an
	 * unterminated quote
	 */
	static List<Row> parse(String csv) {
		List<Record> records = records(csv.startsWith("\uFEFF") ? csv.substring(1) : csv);
		if (records.isEmpty()) {
			throw ApiModelException.badRequest("Invalid API key file: it is empty");
		}
		Map<String, Integer> columns = new HashMap<>();
		List<String> header = records.get(0).fields();
		for (int i = 0; i < header.size(); i++) {
			columns.putIfAbsent(header.get(i).trim().toLowerCase(Locale.ROOT), i);
		}
		if (!columns.containsKey(NAME) || !columns.containsKey(KEY)) {
			throw ApiModelException.badRequest("Invalid API key file: the header must name the Name and Key columns");
		}
		List<Row> rows = new ArrayList<>();
		for (Record record : records.subList(1, records.size())) {
			List<String> fields = record.fields();
			String planIds = field(fields, columns.get("usageplanids"));
			rows.add(new Row(record.line(), field(fields, columns.get(NAME)), field(fields, columns.get(KEY)),
					field(fields, columns.get("description")), field(fields, columns.get("enabled")),
					Arrays.stream(planIds.split(",")).map(String::trim).filter((id) -> !id.isEmpty()).toList()));
		}
		return rows;
	}

	private static String field(List<String> fields, Integer column) {
		return (column != null && column < fields.size()) ? fields.get(column).trim() : "";
	}

	private record Record(int line, List<String> fields) {
	}

	private static List<Record> records(String csv) {
		List<Record> records = new ArrayList<>();
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		int line = 1;
		int recordLine = 1;
		boolean blank = true;
		int i = 0;
		while (i <= csv.length()) {
			char c = (i < csv.length()) ? csv.charAt(i) : '\n';
			if (c == '"' || c == '\'') {
				if (field.toString().isBlank()) {
					field.setLength(0);
					int close = closingQuote(csv, i, c);
					if (close < 0) {
						throw ApiModelException.badRequest("Invalid API key file: unterminated quote on line " + line);
					}
					String quoted = csv.substring(i + 1, close);
					line += (int) quoted.chars().filter((ch) -> ch == '\n').count();
					field.append(quoted.replace(String.valueOf(c) + c, String.valueOf(c)));
					blank = false;
					i = close + 1;
					continue;
				}
				field.append(c);
				blank = false;
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
				blank = false;
			}
			else if (c == '\n' || c == '\r') {
				if (!blank || !field.toString().isBlank()) {
					fields.add(field.toString());
					records.add(new Record(recordLine, List.copyOf(fields)));
				}
				fields.clear();
				field.setLength(0);
				blank = true;
				if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
					i++;
				}
				line++;
				recordLine = line;
			}
			else {
				field.append(c);
				if (!Character.isWhitespace(c)) {
					blank = false;
				}
			}
			i++;
		}
		return records;
	}

	/** The index of the quote closing the one at {@code open}, skipping doubled quotes; -1 when there is none. */
	private static int closingQuote(String csv, int open, char quote) {
		int i = open + 1;
		while (i < csv.length()) {
			if (csv.charAt(i) == quote) {
				if (i + 1 < csv.length() && csv.charAt(i + 1) == quote) {
					i += 2;
					continue;
				}
				return i;
			}
			i++;
		}
		return -1;
	}

}
