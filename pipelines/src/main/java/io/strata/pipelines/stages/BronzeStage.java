package io.strata.pipelines.stages;

import io.strata.pipelines.ledger.StageCounts;
import io.strata.pipelines.ledger.TableCounts;
import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.bronze.WriteBronze;
import io.strata.transforms.contract.SourceSpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.ledger.LedgerCounters;
import io.strata.transforms.source.FileSource;
import io.strata.transforms.source.HttpJsonSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ingests every source of the project into bronze, in one pipeline. */
public final class BronzeStage {
  private static final Logger LOG = LoggerFactory.getLogger(BronzeStage.class);

  private BronzeStage() {}

  /** The tables this stage ingests: every contract whose source kind it can read in batch. */
  public static List<TableContract> tables(StageContext ctx) {
    List<TableContract> tables = new ArrayList<>();
    for (TableContract c : ctx.project().contracts()) {
      if (c.source().kind().equals(SourceSpec.KAFKA)) {
        LOG.warn("{}: Kafka sources are not ingested yet (issue 4); skipped", c.table());
      } else {
        tables.add(c);
      }
    }
    return tables;
  }

  public static List<TableCounts> run(StageContext ctx) {
    List<TableContract> tables = tables(ctx);
    Pipeline p = Pipeline.create(ctx.pipelineOptions());
    for (TableContract c : tables) {
      p.apply("Read " + c.table(), source(ctx, c))
          .apply("Write bronze." + c.table(), WriteBronze.to(ctx.warehouse(), c.table(), ctx.runId(), ctx.batchSize()));
    }
    long start = System.nanoTime();
    PipelineResult result = p.run();
    result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    StageCounts counts = StageCounts.of(result);
    List<TableCounts> out = new ArrayList<>();
    for (TableContract c : tables) {
      String t = c.table();
      out.add(new TableCounts(t, counts.get(t, LedgerCounters.ROWS_READ), counts.get(t, LedgerCounters.BRONZE_NEW),
          counts.get(t, LedgerCounters.BRONZE_ALREADY_PRESENT), 0, 0, 0, 0, 0, 0, 0, seconds, 0));
    }
    return out;
  }

  private static PTransform<PBegin, PCollection<BronzeRecord>> source(StageContext ctx, TableContract c) {
    return switch (c.source().kind()) {
      case SourceSpec.CSV, SourceSpec.JSONL -> FileSource.read(c, ctx.inputDir());
      case SourceSpec.HTTP_JSON -> HttpJsonSource.read(c.table(), c.source(), resolveUrl(c, ctx.fxApiUrl()));
      default -> throw new IllegalArgumentException(c.table() + ": no batch reader for source kind " + c.source().kind());
    };
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
      throw new IllegalArgumentException(c.table() + ".yaml: source.url has an unknown placeholder: " + url);
    }
    return url;
  }
}
