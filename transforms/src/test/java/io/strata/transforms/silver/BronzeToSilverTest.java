package io.strata.transforms.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.contract.ContractLoader;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.metrics.Count;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.junit.Rule;
import org.junit.Test;

/**
 * The Beam half of bronze to silver on a TestPipeline: every record read reaches the candidate sink
 * once, valid or with every rule it breaks, and the input counter the ledger reconciles agrees.
 * Foreign keys and what wins are decided in SQL ({@code MergeCandidatesIT}).
 */
public class BronzeToSilverTest {
  static final TableContract ORDERS =
      ContractLoader.fromYaml(
          "orders.yaml",
          String.join(
              "\n",
              "table: orders",
              "source: {kind: csv, path: 'orders/*.csv'}",
              "columns:",
              "  - {name: order_id, required: true, pattern: '^O[0-9]+$'}",
              "  - {name: customer_id, required: true}",
              "  - {name: status, required: true, allowed: [placed, cancelled]}",
              "key: [order_id]",
              "dedup: {order_by: [_source, _position]}",
              "foreign_keys:",
              "  - {column: customer_id, table: customers}"));

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static BronzeRecord order(
      String file, long line, String id, String customer, String status) {
    return BronzeRecord.parsed(
        "orders",
        file,
        line,
        id + "," + customer + "," + status,
        "{\"order_id\":\""
            + id
            + "\",\"customer_id\":\""
            + customer
            + "\",\"status\":\""
            + status
            + "\"}");
  }

  /** A sink that writes nothing and asserts what reaches it. */
  private static <T> PTransform<PCollection<T>, PDone> expecting(
      SerializableAssertion<Iterable<T>> check) {
    return new PTransform<>() {
      @Override
      public PDone expand(PCollection<T> input) {
        PAssert.that(input)
            .satisfies(
                items -> {
                  check.accept(items);
                  return null;
                });
        return PDone.in(input.getPipeline());
      }
    };
  }

  private interface SerializableAssertion<T> extends java.io.Serializable {
    void accept(T t);
  }

  @Test
  public void stagesEveryCandidateValidOrCarryingEveryReasonItBreaksAndCountsWhatItRead() {
    PCollection<SilverCandidate> candidates =
        pipeline.apply(
            "Orders: bronze to silver",
            BronzeToSilver.of(ORDERS)
                .withPendingBronze(
                    Create.of(
                        order("orders/2026-01-01.csv", 2, "O1", "C1", "placed"),
                        order("orders/2026-01-02.csv", 2, "O1", "C1", "cancelled"),
                        order("orders/2026-01-02.csv", 3, "O2", "C9", "placed"), // parent: later
                        order("orders/2026-01-01.csv", 4, "X3", "C9", "lost"), // two reasons
                        BronzeRecord.unreadable(
                            "orders",
                            "orders/2026-01-01.csv",
                            5,
                            "O4,\"C1",
                            "row.parse_error",
                            "a quote is never closed")))
                .withCandidateSink(
                    BronzeToSilverTest.<SilverCandidate>expecting(
                        staged -> assertThat(staged).hasSize(5))));

    PAssert.that(candidates)
        .satisfies(
            all -> {
              Map<String, List<String>> valid = new TreeMap<>();
              Map<String, List<String>> rejected = new TreeMap<>();
              for (SilverCandidate c : all) {
                (c.isValid() ? valid : rejected)
                    .put(
                        c.source + ":" + c.position,
                        c.isValid()
                            ? List.of(c.value("order_id"), c.value("status"))
                            : c.reasons.stream().map(r -> r.code).toList());
              }
              assertThat(valid)
                  .containsOnly(
                      Map.entry("orders/2026-01-01.csv:2", List.of("O1", "placed")),
                      Map.entry("orders/2026-01-02.csv:2", List.of("O1", "cancelled")),
                      Map.entry("orders/2026-01-02.csv:3", List.of("O2", "placed")));
              assertThat(rejected)
                  .containsOnly(
                      Map.entry(
                          "orders/2026-01-01.csv:4", List.of("order_id.pattern", "status.allowed")),
                      Map.entry("orders/2026-01-01.csv:5", List.of("row.parse_error")));
              return null;
            });

    PipelineResult run = pipeline.run();
    run.waitUntilFinish();
    assertThat(counter(run, Count.SILVER_INPUT)).isEqualTo(5);
  }

  private static long counter(PipelineResult run, Count count) {
    Iterable<MetricResult<Long>> counters =
        run.metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named(Count.NAMESPACE, count.metricName("orders")))
                    .build())
            .getCounters();
    return counters.iterator().next().getAttempted();
  }
}
