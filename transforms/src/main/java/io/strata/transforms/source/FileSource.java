package io.strata.transforms.source;

import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.contract.ColumnSpec;
import io.strata.transforms.contract.SourceSpec;
import io.strata.transforms.contract.TableContract;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads every file matching a contract's glob under the input folder into bronze records: CSV (RFC
 * 4180 with a header) or JSON Lines. Files are read whole, one per worker call; the bronze writer's
 * batching spreads the records out again.
 */
public final class FileSource extends PTransform<PBegin, PCollection<BronzeRecord>> {
  private final TableContract contract;
  private final String inputDir;

  private FileSource(TableContract contract, String inputDir) {
    this.contract = contract;
    this.inputDir = inputDir;
  }

  public static FileSource read(TableContract contract, Path inputDir) {
    String kind = contract.source().kind();
    if (!kind.equals(SourceSpec.CSV) && !kind.equals(SourceSpec.JSONL)) {
      throw new IllegalArgumentException(contract.table() + ": not a file source: " + kind);
    }
    return new FileSource(contract, inputDir.toAbsolutePath().normalize().toString());
  }

  @Override
  public PCollection<BronzeRecord> expand(PBegin input) {
    String glob = Path.of(inputDir).resolve(contract.source().path()).toString();
    PCollection<FileIO.ReadableFile> files =
        input
            .apply(
                "Match " + contract.source().path(),
                FileIO.match().filepattern(glob).withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
            .apply("Open", FileIO.readMatches());
    return contract.source().kind().equals(SourceSpec.CSV)
        ? files.apply(
            "Read CSV",
            ParDo.of(new ReadCsvRecordsFn(contract.table(), inputDir, headerColumns(contract))))
        : files.apply("Read JSON Lines", ParDo.of(new ReadJsonLinesFn(contract.table(), inputDir)));
  }

  /** A CSV header must name every column the contract reads (the first path segment). */
  private static List<String> headerColumns(TableContract contract) {
    return contract.columns().stream()
        .filter(
            c ->
                contract.unnest() == null
                    || !List.of(contract.unnest().keyColumn(), contract.unnest().valueColumn())
                        .contains(c.name()))
        .map(ColumnSpec::pathOrName)
        .map(p -> p.split("\\.")[0])
        .distinct()
        .toList();
  }
}
