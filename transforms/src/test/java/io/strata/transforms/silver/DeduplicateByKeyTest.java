package io.strata.transforms.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.contract.ContractLoader;
import io.strata.transforms.contract.TableContract;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;

public class DeduplicateByKeyTest {
  static final TableContract CUSTOMERS =
      ContractLoader.fromYaml(
          "customers.yaml",
          String.join(
              "\n",
              "table: customers",
              "source: {kind: csv, path: 'c/*.csv'}",
              "columns:",
              "  - {name: customer_id, required: true}",
              "  - {name: email, required: true, pattern: '^[^@]+@[^@]+$'}",
              "  - {name: updated_at, type: timestamp, required: true}",
              "key: [customer_id]",
              "dedup: {order_by: [updated_at, _source, _position]}"));

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static BronzeRecord row(String file, long line, String id, String email, String ts) {
    return BronzeRecord.parsed(
        "customers",
        file,
        line,
        "raw",
        "{\"customer_id\":\""
            + id
            + "\",\"email\":\""
            + email
            + "\",\"updated_at\":\""
            + ts
            + "\"}");
  }

  @Test
  public void keepsTheLatestValidVersionAndSupersedesAndCountsTheRest() {
    PCollectionTuple split =
        pipeline
            .apply(
                Create.of(
                    row("c/2026-01-01.csv", 2, "C1", "old@x", "2026-01-01T10:00:00Z"),
                    row(
                        "c/2026-01-02.csv",
                        2,
                        "C1",
                        "new@x",
                        "2026-01-02T10:00:00+05:00"), // 05:00Z: the latest
                    row(
                        "c/2026-01-03.csv",
                        2,
                        "C1",
                        "invalid",
                        "2026-01-03T10:00:00Z"), // later but invalid: must not win
                    row("c/2026-01-01.csv", 3, "C2", "a@x", "2026-01-01T10:00:00Z"),
                    row(
                        "c/2026-01-02.csv",
                        7,
                        "C2",
                        "b@x",
                        "2026-01-01T10:00:00Z"), // tie on updated_at: later file wins
                    row("c/2026-01-02.csv", 9, "C3", "c@x", "2026-01-01T10:00:00Z")))
            .apply(ValidateRecords.against(CUSTOMERS))
            .apply(SplitByValidity.forTable("customers"));
    PCollectionTuple deduplicated =
        split.get(SplitByValidity.VALID).apply(DeduplicateByKey.of(CUSTOMERS));

    PAssert.that(deduplicated.get(DeduplicateByKey.WINNERS))
        .satisfies(
            ws -> {
              assertThat(ws)
                  .extracting(w -> w.value("customer_id") + "=" + w.value("email"))
                  .containsExactlyInAnyOrder("C1=new@x", "C2=b@x", "C3=c@x");
              return null;
            });
    PAssert.that(deduplicated.get(DeduplicateByKey.SUPERSEDED))
        .satisfies(
            losers -> {
              assertThat(losers)
                  .extracting(l -> l.value("customer_id") + "=" + l.value("email"))
                  .containsExactlyInAnyOrder("C1=old@x", "C2=a@x");
              return null;
            });
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    long superseded =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named("strata", "customers.superseded"))
                    .build())
            .getCounters()
            .iterator()
            .next()
            .getCommitted();
    assertThat(superseded).isEqualTo(2);
  }
}
