package io.strata.pipelines.stages;

import io.strata.pipelines.ledger.TableCounts;
import io.strata.transforms.bronze.WriteBronze;
import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.SourceSpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.job.StageJob;
import io.strata.transforms.source.FileSource;
import io.strata.transforms.source.HttpJsonSource;
import io.strata.transforms.source.KafkaCatchUp;
import io.strata.transforms.source.KafkaCluster;
import io.strata.transforms.source.KafkaOffsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.beam.sdk.Pipeline;

/**
 * Ingests the project's sources into bronze, in one pipeline. A Kafka source is read from its
 * consumer group's committed offsets (or the earliest) up to the end offsets found when the stage
 * starts; the group's offsets move to those ends only after the pipeline has finished, when every
 * row is in bronze. A crash before that commit re-reads the same offsets, and bronze's unique
 * (source, position) = (topic/partition, offset) turns the re-read into a no-op: exactly once.
 */
public final class BronzeStage {
  private BronzeStage() {}

  /** The tables this stage ingests: every contract of the project. */
  public static List<TableContract> tables(StageContext ctx) {
    return ctx.project().contracts();
  }

  public static List<TableCounts> run(StageContext ctx) {
    return run(ctx, c -> true);
  }

  /** Ingests the tables {@code which} accepts. */
  public static List<TableCounts> run(StageContext ctx, Predicate<TableContract> which) {
    List<TableContract> tables = tables(ctx).stream().filter(which).toList();
    Pipeline p = Pipeline.create(ctx.pipelineOptions());
    Map<TableContract, Map<Integer, KafkaOffsets.Range>> kafkaRanges = new LinkedHashMap<>();
    for (TableContract c : tables) {
      BronzeLayout layout = BronzeLayout.of(c);
      WriteBronze write = WriteBronze.to(ctx.warehouse(), layout, ctx.runId(), ctx.batchSize());
      switch (c.source().kind()) {
        case SourceSpec.CSV, SourceSpec.JSONL ->
            p.apply("Load " + c.table(), FileSource.load(c, ctx.inputDir(), write));
        case SourceSpec.KAFKA -> {
          KafkaCluster kafka = kafka(ctx, c);
          Map<Integer, KafkaOffsets.Range> ranges =
              KafkaOffsets.pending(kafka, c.source().topic(), ctx.kafkaGroupId());
          kafkaRanges.put(c, ranges);
          p.apply(
              "Load " + c.table(),
              KafkaCatchUp.load(c.table(), c.source().topic(), kafka, ranges, write));
        }
        case SourceSpec.HTTP_JSON ->
            p.apply(
                    "Read " + c.table(),
                    HttpJsonSource.read(layout, c.source(), resolveUrl(c, ctx.fxApiUrl())))
                .apply("Write bronze." + c.table(), write);
        default ->
            throw new IllegalArgumentException(
                c.table() + ": no batch reader for source kind " + c.source().kind());
      }
    }
    StageJob job = StageJob.run(p, "bronze");
    // Only now is every row durable: move the consumer group past them.
    kafkaRanges.forEach(
        (c, ranges) ->
            KafkaOffsets.commit(kafka(ctx, c), c.source().topic(), ctx.kafkaGroupId(), ranges));
    return tables.stream()
        .map(c -> TableCounts.of(c.table()).countedBy(job).withBronzeSeconds(job.seconds()))
        .toList();
  }

  private static KafkaCluster kafka(StageContext ctx, TableContract c) {
    if (ctx.kafka() == null) {
      throw new IllegalArgumentException(
          c.table() + ": a Kafka source needs --kafkaBootstrapServers or the embedded broker");
    }
    return ctx.kafka();
  }

  /** {@code ${fxApiUrl}} in a contract URL is the option of that name. */
  static String resolveUrl(TableContract c, String fxApiUrl) {
    String url = c.source().url();
    if (url.contains("${fxApiUrl}")) {
      if (fxApiUrl == null) {
        throw new IllegalArgumentException(c.table() + ": the contract URL needs --fxApiUrl");
      }
      url = url.replace("${fxApiUrl}", fxApiUrl.replaceAll("/+$", ""));
    }
    if (url.contains("${")) {
      throw new IllegalArgumentException(
          c.table() + ".yaml: source.url has an unknown placeholder: " + url);
    }
    return url;
  }
}
