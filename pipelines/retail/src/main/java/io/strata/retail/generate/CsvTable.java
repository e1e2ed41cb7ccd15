package io.strata.retail.generate;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One CSV source: a file per day named {@code <table>_YYYY-MM-DD.csv}, RFC 4180 with LF line ends
 * and a header row. Besides proper records it writes the lines a real export gets wrong, byte for
 * byte, and counts every record in the table's tally.
 */
final class CsvTable implements Closeable {
  static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

  private static final byte[] INVALID_UTF8 = {(byte) 0xC3, (byte) 0x28};
  private static final char MARK = '\uE000';

  private final Path dir;
  private final List<String> header;
  private final TableTally tally;
  private OutputStream bytes;
  private Writer text;
  private CSVPrinter printer;

  CsvTable(Path dir, List<String> header, TableTally tally) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.header = header;
    this.tally = tally;
  }

  void open(LocalDate date) throws IOException {
    close();
    Path file = dir.resolve(dir.getFileName() + "_" + date + ".csv");
    bytes = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    text = new OutputStreamWriter(bytes, UTF_8);
    printer = new CSVPrinter(text, FORMAT);
    printer.printRecord(header);
  }

  void write(List<String> row, List<String> reasons, boolean newKey) throws IOException {
    printer.printRecord(row);
    tally.accept(reasons, newKey);
  }

  /** A line written as is, for quoting no CSV writer would produce. */
  void writeRaw(String line, String reason) throws IOException {
    text.write(line);
    text.write('\n');
    tally.accept(List.of(reason), false);
  }

  /** A proper record whose value in {@code column} carries a byte sequence that is not UTF-8. */
  void writeInvalidUtf8(List<String> row, int column) throws IOException {
    List<String> marked = new ArrayList<>(row);
    String value = marked.get(column);
    int at = Math.max(1, value.length() / 2);
    marked.set(column, value.substring(0, at) + MARK + value.substring(at));
    String line = FORMAT.format(marked.toArray());
    int split = line.indexOf(MARK);
    text.flush();
    bytes.write(line.substring(0, split).getBytes(UTF_8));
    bytes.write(INVALID_UTF8);
    bytes.write(line.substring(split + 1).getBytes(UTF_8));
    bytes.write('\n');
    tally.accept(List.of(Reason.ENCODING), false);
  }

  /** Plain comma-joined values without any quoting. */
  static String unquoted(List<String> row) {
    return String.join(",", row);
  }

  /**
   * A value quoted so that it holds an even number of quotes (one physical line) but breaks RFC
   * 4180: a closing quote followed by more text, as in {@code "Ann "Bee" Smith"}.
   */
  static String brokenQuotes(String left, String middle, String right) {
    return "\"" + left + " \"" + middle + "\" " + right + "\"";
  }

  @Override
  public void close() throws IOException {
    if (printer != null) {
      printer.close();
      printer = null;
    }
  }
}
