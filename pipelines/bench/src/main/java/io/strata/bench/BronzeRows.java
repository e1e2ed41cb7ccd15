package io.strata.bench;

import io.strata.transforms.jdbc.PgCopy;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

/**
 * The rows Strata's bronze stage writes for the clean order-line files (lineage, a run id and one
 * text column per field) as COPY text files, prepared before any clock starts: {@code copy-bronze}
 * loads them with a plain COPY loop, the floor for bronze's own format. The gap between it and
 * {@code copy} is what bronze stores beyond the bare columns; the gap between it and {@code
 * strata-*} is Strata's.
 */
public final class BronzeRows {
  static final String FOLDER = "bronze_fields";
  static final List<String> COLUMNS = lineageAndFields();

  private BronzeRows() {}

  /**
   * Writes {@code cleanDir/bronze_fields/<file>.tsv} for every clean order-line file, unless
   * already there.
   */
  public static void write(Path cleanDir) throws IOException {
    Path target = Files.createDirectories(cleanDir.resolve(FOLDER));
    for (Path file : BenchTask.files(cleanDir)) {
      Path out = target.resolve(file.getFileName() + ".tsv");
      if (Files.exists(out)) {
        continue;
      }
      String source = "order_lines/" + file.getFileName();
      // The clean files hold one record per physical line (CleanLines keeps lines whole), so a
      // line's number is its position.
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      Path partial = target.resolve(file.getFileName() + ".tsv.partial");
      try (OutputStream w = new BufferedOutputStream(Files.newOutputStream(partial))) {
        for (int i = 1; i < lines.size(); i++) {
          List<Object> cells = new ArrayList<>(List.of(source, i + 1, "copy-bronze"));
          cells.addAll(fields(lines.get(i))); // the clean files' columns are the contract's
          PgCopy.writeRow(w, cells.toArray());
        }
      }
      Files.move(partial, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static List<String> lineageAndFields() {
    List<String> columns = new ArrayList<>(List.of("source", "position", "run_id"));
    columns.addAll(BenchTask.COLUMNS);
    return columns;
  }

  static List<Path> files(Path cleanDir) throws IOException {
    try (var files = Files.list(cleanDir.resolve(FOLDER))) {
      return files.filter(f -> f.toString().endsWith(".tsv")).sorted().toList();
    }
  }

  private static List<String> fields(String line) throws IOException {
    try (CSVParser parser = CSVParser.parse(line, CSVFormat.RFC4180)) {
      return parser.getRecords().get(0).toList();
    }
  }
}
