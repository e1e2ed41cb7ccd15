package io.strata.transforms.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.ContractLoader;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.contract.TestContracts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

public class RecordValidatorTest {
  static final TableContract CUSTOMERS =
      ContractLoader.fromYaml(
          "customers.yaml",
          String.join(
              "\n",
              "table: customers",
              "source: {kind: csv, path: 'customers/*.csv'}",
              "columns:",
              "  - {name: customer_id, required: true, pattern: '^C[0-9]{6}$'}",
              "  - {name: email, required: true, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', lowercase: true}",
              "  - {name: country, required: true, allowed: [DE, FR]}",
              "  - {name: signup_date, type: date, required: true, not_after: updated_at}",
              "  - {name: updated_at, type: timestamp, required: true}",
              "  - {name: credit, type: decimal, min: 0, max_exclusive: 1000, scale: 2}",
              "key: [customer_id]"));

  static final TableContract RATES = TestContracts.FX_RATES;

  private static BronzeRecord customer(long line, String json) {
    return json(CUSTOMERS, "customers/c.csv", line, json);
  }

  /** A JSON record as a source reads it into bronze. */
  private static BronzeRecord json(TableContract contract, String source, long line, String json) {
    try {
      return BronzeRecord.ofJson(
          BronzeLayout.of(contract), source, line, json, new ObjectMapper().readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  public void acceptsAValidRowWithCanonicalValuesAndRejectsOneWithEveryReason() {
    BronzeRecord good =
        customer(
            2,
            "{\"customer_id\":\"C000001\",\"email\":\"Ann@Example.COM\",\"country\":\"DE\","
                + "\"signup_date\":\"2026-01-02\",\"updated_at\":\"2026-01-02T01:30:00+01:00\",\"credit\":\"12.50\"}");
    BronzeRecord bad =
        customer(
            3,
            "{\"customer_id\":\"X1\",\"email\":\"not-an-email\",\"country\":\"ES\","
                + "\"signup_date\":\"2026-01-03\",\"updated_at\":\"2026-01-02T00:30:00+01:00\",\"credit\":\"1000.123\"}");
    BronzeRecord unreadable =
        BronzeRecord.unreadable(
            "customers", "customers/c.csv", 4, "a,b", "row.column_count", "expected 6 fields");

    RecordValidator v = new RecordValidator(CUSTOMERS);
    List<SilverCandidate> candidates = new ArrayList<>();
    for (BronzeRecord r : List.of(good, bad, unreadable)) {
      candidates.addAll(v.validate(r));
    }

    SilverCandidate valid = single(candidates.stream().filter(SilverCandidate::isValid).toList());
    assertThat(valid.values)
        .containsEntry("email", "ann@example.com")
        .containsEntry("updated_at", "2026-01-02T00:30:00Z")
        .containsEntry("credit", "12.50");
    Map<Long, List<String>> codes = new TreeMap<>();
    candidates.stream()
        .filter(c -> !c.isValid())
        .forEach(c -> codes.put(c.position, c.reasons.stream().map(r -> r.code).sorted().toList()));
    assertThat(codes).containsOnlyKeys(3L, 4L);
    // the signup date is after the UTC date of updated_at (2026-01-01), and the credit breaks two
    // rules
    assertThat(codes.get(3L))
        .containsExactly(
            "country.allowed",
            "credit.range",
            "credit.scale",
            "customer_id.pattern",
            "email.pattern",
            "signup_date.not_after");
    assertThat(codes.get(4L)).containsExactly("row.column_count");
  }

  @Test
  public void aBlankRequiredValueBreaksOnlyRequiredAndAnUnparseableOneOnlyType() {
    RecordValidator v = new RecordValidator(CUSTOMERS);
    SilverCandidate c =
        v.validate(
                customer(
                    5,
                    "{\"customer_id\":\"  \",\"email\":\"a@b.co\",\"country\":\"FR\","
                        + "\"signup_date\":\"yesterday\",\"updated_at\":\"2026-01-02T10:00:00\",\"credit\":\"abc\"}"))
            .get(0);
    assertThat(c.reasons)
        .extracting(r -> r.code)
        .containsExactlyInAnyOrder(
            "customer_id.required", "signup_date.type", "updated_at.type", "credit.type");
  }

  @Test
  public void unnestsOneRowPerEntryOrRejectsTheWholeRecord() {
    RecordValidator v = new RecordValidator(RATES);
    List<SilverCandidate> rows =
        v.validate(
            json(
                RATES,
                "http://x?page=1",
                0,
                "{\"date\":\"2026-01-02\",\"rates\":{\"USD\":\"1.0823\",\"GBP\":\"0.8571\"}}"));
    assertThat(rows).hasSize(2).allMatch(SilverCandidate::isValid);
    assertThat(rows).extracting(r -> r.value("currency")).containsExactly("USD", "GBP");

    List<SilverCandidate> bad =
        v.validate(
            json(
                RATES,
                "http://x?page=1",
                1,
                "{\"date\":\"2026-01-05\",\"rates\":{\"USD\":\"-1\",\"JPY\":\"160.1\"}}"));
    assertThat(bad).hasSize(1);
    assertThat(bad.get(0).reasons)
        .extracting(r -> r.code)
        .containsExactly("units_per_eur.range", "currency.allowed");
  }

  private static SilverCandidate single(List<SilverCandidate> all) {
    assertThat(all).hasSize(1);
    return all.get(0);
  }
}
