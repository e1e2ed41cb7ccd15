package io.strata.transforms.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.bronze.RecordCodes;
import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.ContractLoader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.Test;

public class KafkaRecordsTest {
  private static final BronzeLayout PAYMENTS =
      BronzeLayout.of(
          ContractLoader.fromYaml(
              "payments.yaml",
              String.join(
                  "\n",
                  "table: payments",
                  "source: {kind: kafka, topic: payments}",
                  "columns: [{name: payment_id}, {name: amount, type: decimal}, {name: note}]",
                  "key: [payment_id]")));

  private static final String EVENT =
      "{\"payment_id\":\"PAY0000001\",\"order_id\":\"O00000001\",\"amount\":\"12.50\",\"currency\":\"EUR\","
          + "\"method\":\"card\",\"status\":\"captured\",\"event_ts\":\"2026-01-03T10:00:00Z\"}";

  @Test
  public void readsAJsonObjectIntoTheFieldsItsContractNames() {
    BronzeRecord r =
        KafkaRecords.toBronze(PAYMENTS, "payments", 2, 41, EVENT.getBytes(StandardCharsets.UTF_8));

    assertThat(r)
        .isEqualTo(
            BronzeRecord.parsed(
                "payments",
                "payments/00002",
                41,
                Map.of("payment_id", "PAY0000001", "amount", "12.50")));
  }

  @Test
  public void rejectsAValueThatIsNotJsonAsParseErrorWithItsRawText() {
    BronzeRecord r =
        KafkaRecords.toBronze(
            PAYMENTS,
            "payments",
            0,
            7,
            "PAY0000001,O00000001,12.50".getBytes(StandardCharsets.UTF_8));

    assertThat(r.rejectCode).isEqualTo(RecordCodes.PARSE_ERROR);
    assertThat(r.payload).isEqualTo("PAY0000001,O00000001,12.50");
    assertThat(r.values).isEmpty();
    assertThat(r.position).isEqualTo(7);
  }

  @Test
  public void rejectsJsonThatIsNotAnObject() {
    assertThat(
            KafkaRecords.toBronze(
                    PAYMENTS, "payments", 0, 1, "[1,2]".getBytes(StandardCharsets.UTF_8))
                .rejectCode)
        .isEqualTo(RecordCodes.PARSE_ERROR);
  }

  @Test
  public void keepsAValueWithANulByteStorableInText() {
    byte[] value = "{\"a\":\"x\u0000y\"}".getBytes(StandardCharsets.UTF_8);

    BronzeRecord r = KafkaRecords.toBronze(PAYMENTS, "payments", 1, 4, value);

    assertThat(r.rejectCode).isEqualTo(RecordCodes.PARSE_ERROR);
    assertThat(r.payload).isEqualTo("{\"a\":\"x\uFFFDy\"}");
    assertThat(r.rejectMessage).endsWith("(NUL characters shown as U+FFFD)");
  }

  @Test
  public void rejectsAValueThatIsNotUtf8AsEncodingWithTheBadBytesReplaced() {
    byte[] value = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

    BronzeRecord r = KafkaRecords.toBronze(PAYMENTS, "payments", 1, 3, value);

    assertThat(r.rejectCode).isEqualTo(RecordCodes.ENCODING);
    assertThat(r.payload).contains("\uFFFD");
    assertThat(r.rejectMessage).endsWith(java.util.Base64.getEncoder().encodeToString(value));
    assertThat(r.source).isEqualTo("payments/00001");
  }

  @Test
  public void rejectsARecordWithoutAValue() {
    BronzeRecord r = KafkaRecords.toBronze(PAYMENTS, "payments", 0, 9, null);

    assertThat(r.rejectCode).isEqualTo(RecordCodes.PARSE_ERROR);
    assertThat(r.payload).isEmpty();
  }

  @Test
  public void sourcesSortAsPartitionsSoTheHigherPartitionWinsATie() {
    assertThat(KafkaRecords.source("payments", 10).compareTo(KafkaRecords.source("payments", 9)))
        .isPositive();
    assertThat(KafkaRecords.source("payments", 2)).isEqualTo("payments/00002");
  }
}
