package io.strata.transforms.source;

import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.bronze.RecordCodes;
import io.strata.transforms.bronze.RecordSink;
import io.strata.transforms.contract.BronzeLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads one RFC 4180 CSV file (header row first) into bronze records, each field from the header
 * column its path names. Every record comes out: one that cannot be read carries {@code
 * row.encoding}, {@code row.parse_error} or {@code row.column_count} and its raw text. A header
 * missing a column the contract reads fails the run.
 */
final class CsvFile implements FileFormat {
  private static final CSVFormat FORMAT = CSVFormat.RFC4180;

  private final BronzeLayout layout;

  CsvFile(BronzeLayout layout) {
    this.layout = layout;
  }

  @Override
  public void read(String source, InputStream in, RecordSink sink)
      throws IOException, SQLException {
    CsvRecordSplitter records = new CsvRecordSplitter(new PhysicalLines(in));
    CsvRecordSplitter.RawRecord headerRecord = records.next();
    if (headerRecord == null) {
      return;
    }
    List<String> header = parseHeader(source, headerRecord);
    int[] columnOf = columnOf(header);
    CsvRecordSplitter.RawRecord r;
    while ((r = records.next()) != null) {
      sink.accept(toBronze(source, columnOf, header.size(), r));
    }
  }

  /**
   * Per field of the layout, the header column it reads (a repeated name reads its first column),
   * or -1: looked up once per file, not per record.
   */
  private int[] columnOf(List<String> header) {
    List<BronzeLayout.Field> fields = layout.fields();
    int[] columnOf = new int[fields.size()];
    for (int i = 0; i < columnOf.length; i++) {
      columnOf[i] = header.indexOf(fields.get(i).path());
    }
    return columnOf;
  }

  private List<String> parseHeader(String source, CsvRecordSplitter.RawRecord headerRecord) {
    List<String> header;
    try {
      header = parseOne(headerRecord.text()).toList();
    } catch (UncheckedIOException | IllegalStateException e) {
      throw new IllegalArgumentException(
          source + ": the header row is not valid CSV: " + e.getMessage(), e);
    }
    for (BronzeLayout.Field field : layout.fields()) {
      String column = field.path();
      if (!field.container() && !header.contains(column)) {
        throw new IllegalArgumentException(
            source
                + ": the header row "
                + header
                + " lacks column '"
                + column
                + "' that the "
                + layout.table()
                + " contract reads");
      }
    }
    return header;
  }

  private BronzeRecord toBronze(
      String source, int[] columnOf, int width, CsvRecordSplitter.RawRecord r) {
    String table = layout.table();
    if (!r.validUtf8()) {
      return BronzeRecord.unreadable(
          table,
          source,
          r.line(),
          r.text(),
          RecordCodes.ENCODING,
          "the record is not valid UTF-8 (bad bytes shown as U+FFFD)");
    }
    List<String> fields;
    try {
      fields = fields(r.text());
    } catch (UncheckedIOException | IllegalStateException e) {
      return BronzeRecord.unreadable(
          table, source, r.line(), r.text(), RecordCodes.PARSE_ERROR, messageOf(e));
    }
    if (fields.size() != width) {
      return BronzeRecord.unreadable(
          table,
          source,
          r.line(),
          r.text(),
          RecordCodes.COLUMN_COUNT,
          "expected " + width + " fields as in the header, found " + fields.size());
    }
    return BronzeRecord.ofCsv(layout, source, r.line(), columnOf, fields);
  }

  /**
   * The fields of one record. Without quotes or carriage returns RFC 4180 is a plain split on
   * commas, far cheaper than a parser per record; anything else goes to commons-csv.
   */
  static List<String> fields(String text) {
    if (text.indexOf('"') >= 0 || text.indexOf('\r') >= 0) {
      return parseOne(text).toList();
    }
    List<String> fields = new ArrayList<>(16);
    int start = 0;
    for (int comma = text.indexOf(','); comma >= 0; comma = text.indexOf(',', start)) {
      fields.add(text.substring(start, comma));
      start = comma + 1;
    }
    fields.add(text.substring(start));
    return fields;
  }

  private static CSVRecord parseOne(String text) {
    try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
      List<CSVRecord> all = parser.getRecords();
      if (all.size() != 1) {
        throw new IllegalStateException("expected one record, found " + all.size());
      }
      return all.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String messageOf(RuntimeException e) {
    Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    return String.valueOf(t.getMessage());
  }
}
