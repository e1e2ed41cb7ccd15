package io.strata.transforms.source;

import io.strata.transforms.bronze.WriteBronze;
import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.SourceSpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.jdbc.WarehouseFn;
import io.strata.transforms.job.Spread;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.sql.SQLException;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PDone;

/**
 * Loads every file matching a contract's glob under the input folder into bronze: CSV (RFC 4180
 * with a header) or JSON Lines. Files are spread over the runner's workers; each is read and
 * written in one DoFn call, its records going from the file into COPY batches ({@link
 * WriteBronze.Batches}) without becoming a PCollection: the DirectRunner holds a step's whole
 * output in memory before the next step runs, so reading and writing as two steps held every file
 * at once.
 */
public final class FileSource extends PTransform<PBegin, PDone> {
  private final TableContract contract;
  private final String inputDir;
  private final Warehouse warehouse;
  private final WriteBronze.Batches batches;

  private FileSource(
      TableContract contract, String inputDir, Warehouse warehouse, WriteBronze.Batches batches) {
    this.contract = contract;
    this.inputDir = inputDir;
    this.warehouse = warehouse;
    this.batches = batches;
  }

  /** Loads {@code contract}'s files into bronze with {@code write}'s batches. */
  public static FileSource load(TableContract contract, Path inputDir, WriteBronze write) {
    return new FileSource(
        contract,
        inputDir.toAbsolutePath().normalize().toString(),
        write.warehouse(),
        write.batches());
  }

  /** How the contract's files are read. */
  static FileFormat format(TableContract contract) {
    return switch (contract.source().kind()) {
      case SourceSpec.CSV -> new CsvFile(BronzeLayout.of(contract));
      case SourceSpec.JSONL -> new JsonLinesFile(BronzeLayout.of(contract));
      default ->
          throw new IllegalArgumentException(
              contract.table() + ": not a file source: " + contract.source().kind());
    };
  }

  @Override
  public PDone expand(PBegin input) {
    String glob = Path.of(inputDir).resolve(contract.source().path()).toString();
    input
        .apply(
            "Match " + contract.source().path(),
            FileIO.match().filepattern(glob).withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
        .apply("Spread", Spread.overWorkers())
        .apply("Open", FileIO.readMatches())
        .apply(
            "Read and write bronze",
            ParDo.of(new LoadFileFn(warehouse, format(contract), inputDir, batches)));
    return PDone.in(input.getPipeline());
  }

  private static final class LoadFileFn extends WarehouseFn<FileIO.ReadableFile, Void> {
    private final FileFormat format;
    private final String inputDir;
    private final WriteBronze.Batches batches;

    LoadFileFn(
        Warehouse warehouse, FileFormat format, String inputDir, WriteBronze.Batches batches) {
      super(warehouse);
      this.format = format;
      this.inputDir = inputDir;
      this.batches = batches;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file) throws IOException, SQLException {
      String source = SourcePaths.relative(inputDir, file.getMetadata().resourceId().toString());
      WriteBronze.Writer writer = batches.open(connections());
      try (InputStream in = Channels.newInputStream(file.open())) {
        format.read(source, in, writer);
      }
      writer.flush();
    }
  }
}
