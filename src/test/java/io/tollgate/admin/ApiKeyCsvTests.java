package io.tollgate.admin;

import java.util.List;

import io.tollgate.model.ApiModelException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyCsvTests {

	@Test
	void columnsMayComeInAnyOrderAndCase() {
		List<ApiKeyCsv.Row> rows = ApiKeyCsv.parse("Key,name\napikey1234abcdefghij0123456789,MyFirstApiKey\n");
		assertThat(rows).hasSize(1);
		assertThat(rows.get(0).name()).isEqualTo("MyFirstApiKey");
		assertThat(rows.get(0).key()).isEqualTo("apikey1234abcdefghij0123456789");
		assertThat(rows.get(0).description()).isEmpty();
		assertThat(rows.get(0).enabled()).isEmpty();
		assertThat(rows.get(0).usagePlanIds()).isEmpty();
	}

	@Test
	void quotedFieldsHoldSeveralPlanIdsCommasAndQuotes() {
		List<ApiKeyCsv.Row> rows = ApiKeyCsv.parse("""
				Enabled,Name,key,UsageplanIds,Description
				true,MyFirstApiKey,apikey1234abcdefghij0123456789,"c7y23b,glvrsr","said ""hi"", twice"
				FALSE,Second,apikey1234abcdefghij0123456780,'c7y23b',it's fine
				""");
		assertThat(rows).extracting(ApiKeyCsv.Row::line).containsExactly(2, 3);
		assertThat(rows.get(0).usagePlanIds()).containsExactly("c7y23b", "glvrsr");
		assertThat(rows.get(0).description()).isEqualTo("said \"hi\", twice");
		assertThat(rows.get(1).enabled()).isEqualTo("FALSE");
		assertThat(rows.get(1).usagePlanIds()).containsExactly("c7y23b");
		assertThat(rows.get(1).description()).isEqualTo("it's fine");
	}

	@Test
	void crlfBlankLinesAndUnknownColumnsAreFine() {
		List<ApiKeyCsv.Row> rows = ApiKeyCsv.parse("\uFEFFName,Key,Extra\r\n\r\na,k1,x\r\nb,k2\r\n");
		assertThat(rows).extracting(ApiKeyCsv.Row::name).containsExactly("a", "b");
		assertThat(rows).extracting(ApiKeyCsv.Row::line).containsExactly(3, 4);
	}

	@Test
	void fileWithoutNameAndKeyColumnsOrWithAnOpenQuoteIsRefused() {
		assertThatThrownBy(() -> ApiKeyCsv.parse("Key,Description\nk,d\n"))
			.isInstanceOf(ApiModelException.BadRequest.class);
		assertThatThrownBy(() -> ApiKeyCsv.parse("")).isInstanceOf(ApiModelException.BadRequest.class);
		assertThatThrownBy(() -> ApiKeyCsv.parse("Name,Key\n\"open,k\n"))
			.isInstanceOf(ApiModelException.BadRequest.class)
			.hasMessageContaining("line 2");
	}

	@Test
	void rowsNeverPrintTheirKey() {
		ApiKeyCsv.Row row = ApiKeyCsv.parse("Name,Key\nn,apikey1234abcdefghij0123456789\n").get(0);
		assertThat(row.toString()).doesNotContain("apikey1234abcdefghij0123456789");
	}

}
