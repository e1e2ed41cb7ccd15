package io.strata.transforms.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.contract.ContractLoader;
import io.strata.transforms.contract.ForeignKeySpec;
import io.strata.transforms.contract.TableContract;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;

public class CheckForeignKeysTest {
  static final TableContract ORDERS =
      ContractLoader.fromYaml(
          "orders.yaml",
          String.join(
              "\n",
              "table: orders",
              "source: {kind: csv, path: 'o/*.csv'}",
              "columns:",
              "  - {name: order_id, required: true}",
              "  - {name: customer_id, required: true}",
              "  - {name: order_ts, type: timestamp, required: true}",
              "  - {name: currency, required: true, allowed: [EUR, USD]}",
              "key: [order_id]",
              "foreign_keys:",
              "  - {column: customer_id, table: customers}",
              "  - {column: currency, table: fx_rates, code: fx_rate_missing, as_of: {column: order_ts, references: rate_date}, exempt: [EUR]}"));

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static BronzeRecord order(long line, String customer, String ts, String currency) {
    return BronzeRecord.parsed(
        "orders",
        "o/1.csv",
        line,
        "raw",
        "{\"order_id\":\"O"
            + line
            + "\",\"customer_id\":\""
            + customer
            + "\",\"order_ts\":\""
            + ts
            + "\",\"currency\":\""
            + currency
            + "\"}");
  }

  @Test
  public void rejectsOrdersWhoseCustomerIsUnknownOrWhoseRateIsLaterThanTheOrder() {
    PCollection<SilverCandidate> candidates =
        pipeline
            .apply(
                "Orders",
                Create.of(
                    order(1, "C1", "2026-01-05T10:00:00Z", "USD"), // rate from 2026-01-05: ok
                    order(
                        2,
                        "C9",
                        "2026-01-05T10:00:00Z",
                        "EUR"), // unknown customer; EUR needs no rate
                    order(
                        3,
                        "C1",
                        "2026-01-05T00:30:00+01:00",
                        "USD"), // UTC date 2026-01-04: before the first rate
                    order(4, "C9", "2026-01-04T10:00:00Z", "USD"))) // both
            .apply(ValidateRecords.against(ORDERS));
    Map<ForeignKeySpec, PCollection<KV<String, String>>> parents = new LinkedHashMap<>();
    parents.put(
        ORDERS.foreignKeysOrEmpty().get(0),
        pipeline.apply("Customers", Create.of(KV.of("C1", ""), KV.of("C2", ""))));
    parents.put(
        ORDERS.foreignKeysOrEmpty().get(1),
        pipeline.apply("Rates", Create.of(KV.of("USD", "2026-01-05"))));

    PCollectionTuple split =
        candidates
            .apply(CheckForeignKeys.against(parents))
            .apply(SplitByValidity.forTable("orders"));

    PAssert.that(split.get(SplitByValidity.VALID))
        .satisfies(
            valid -> {
              assertThat(valid).extracting(c -> c.position).containsExactly(1L);
              return null;
            });
    PAssert.that(split.get(SplitByValidity.REJECTED))
        .satisfies(
            rejected -> {
              Map<Long, java.util.List<String>> codes = new TreeMap<>();
              rejected.forEach(
                  c ->
                      codes.put(c.position, c.reasons.stream().map(r -> r.code).sorted().toList()));
              assertThat(codes)
                  .containsExactly(
                      Map.entry(2L, java.util.List.of("customer_id.fk_missing")),
                      Map.entry(3L, java.util.List.of("currency.fx_rate_missing")),
                      Map.entry(
                          4L,
                          java.util.List.of("currency.fx_rate_missing", "customer_id.fk_missing")));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }
}
