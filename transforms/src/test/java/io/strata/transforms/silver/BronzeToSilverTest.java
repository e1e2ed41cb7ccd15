package io.strata.transforms.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.contract.ContractLoader;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.metrics.Count;
import io.strata.transforms.quarantine.RejectedRecord;
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
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.junit.Rule;
import org.junit.Test;

/**
 * The whole of bronze to silver for one table, on a TestPipeline: every record read ends on one of
 * its three sides, the sinks get exactly the silver and the quarantined sides, and the counters the
 * ledger reconciles agree with them.
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
  public void sendsWinnersToSilverRejectsWithEveryReasonToQuarantineAndSupersedesTheRest() {
    BronzeToSilver.Result result =
        pipeline.apply(
            "Orders: bronze to silver",
            BronzeToSilver.of(ORDERS)
                .withPendingBronze(
                    Create.of(
                        order("orders/2026-01-01.csv", 2, "O1", "C1", "placed"),
                        order(
                            "orders/2026-01-02.csv", 2, "O1", "C1", "cancelled"), // later file wins
                        order("orders/2026-01-01.csv", 3, "O2", "C2", "placed"),
                        order(
                            "orders/2026-01-02.csv",
                            3,
                            "O2",
                            "C9",
                            "placed"), // later but no parent
                        order("orders/2026-01-01.csv", 4, "X3", "C9", "lost"), // three reasons
                        BronzeRecord.unreadable(
                            "orders",
                            "orders/2026-01-01.csv",
                            5,
                            "O4,\"C1",
                            "row.parse_error",
                            "a quote is never closed")))
                .withParentKeys(fk -> Create.of(KV.of("C1", ""), KV.of("C2", "")))
                .withSilverSink(
                    BronzeToSilverTest.<SilverCandidate>expecting(
                        written ->
                            assertThat(written)
                                .extracting(c -> c.value("order_id") + "=" + c.value("status"))
                                .containsExactlyInAnyOrder("O1=cancelled", "O2=placed")))
                .withQuarantineSink(
                    BronzeToSilverTest.<RejectedRecord>expecting(
                        written ->
                            assertThat(written)
                                .extracting(r -> r.position)
                                .containsExactlyInAnyOrder(3L, 4L, 5L))));

    PAssert.that(result.silver())
        .satisfies(
            silver -> {
              assertThat(silver)
                  .extracting(c -> c.source + ":" + c.position)
                  .containsExactlyInAnyOrder("orders/2026-01-02.csv:2", "orders/2026-01-01.csv:3");
              return null;
            });
    PAssert.that(result.quarantined())
        .satisfies(
            rejected -> {
              Map<String, List<String>> codes = new TreeMap<>();
              rejected.forEach(
                  r ->
                      codes.put(
                          r.source + ":" + r.position,
                          r.reasons.stream().map(reason -> reason.code).sorted().toList()));
              assertThat(codes)
                  .containsOnly(
                      Map.entry("orders/2026-01-02.csv:3", List.of("customer_id.fk_missing")),
                      Map.entry(
                          "orders/2026-01-01.csv:4",
                          List.of("customer_id.fk_missing", "order_id.pattern", "status.allowed")),
                      Map.entry("orders/2026-01-01.csv:5", List.of("row.parse_error")));
              rejected.forEach(r -> assertThat(r.payload).isNotBlank());
              return null;
            });
    PAssert.that(result.superseded())
        .satisfies(
            superseded -> {
              assertThat(superseded)
                  .extracting(c -> c.source + ":" + c.position + "=" + c.value("status"))
                  .containsExactly("orders/2026-01-01.csv:2=placed");
              return null;
            });

    PipelineResult run = pipeline.run();
    run.waitUntilFinish();
    assertThat(counter(run, Count.SILVER_INPUT)).isEqualTo(6);
    assertThat(counter(run, Count.SUPERSEDED)).isEqualTo(1);
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
