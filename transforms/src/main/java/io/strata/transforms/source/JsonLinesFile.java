package io.strata.transforms.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.bronze.RecordCodes;
import io.strata.transforms.bronze.RecordSink;
import io.strata.transforms.contract.BronzeLayout;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;

/**
 * Reads one JSON Lines file: each non-blank line is a record, rejected unless it is a JSON object.
 */
final class JsonLinesFile implements FileFormat {
  private final BronzeLayout layout;

  JsonLinesFile(BronzeLayout layout) {
    this.layout = layout;
  }

  @Override
  public void read(String source, InputStream in, RecordSink sink)
      throws IOException, SQLException {
    PhysicalLines lines = new PhysicalLines(in);
    PhysicalLines.Line line;
    while ((line = lines.next()) != null) {
      if (!line.payload().isBlank()) {
        sink.accept(toBronze(source, line));
      }
    }
  }

  private BronzeRecord toBronze(String source, PhysicalLines.Line line) {
    if (!line.validUtf8()) {
      return BronzeRecord.unreadable(
          layout.table(),
          source,
          line.number(),
          line.payload(),
          RecordCodes.ENCODING,
          "the line is not valid UTF-8 (bad bytes shown as U+FFFD)");
    }
    return parseObject(layout, source, line.number(), line.text());
  }

  /**
   * A JSON object PostgreSQL can store becomes a parsed record; anything else is rejected with the
   * raw text kept ({@link BronzeRecord#ofJson}).
   */
  static BronzeRecord parseObject(BronzeLayout layout, String source, long position, String text) {
    try {
      return BronzeRecord.ofJson(layout, source, position, text, JsonRecords.MAPPER.readTree(text));
    } catch (JsonProcessingException e) {
      return BronzeRecord.unreadable(
          layout.table(), source, position, text, RecordCodes.PARSE_ERROR, e.getOriginalMessage());
    }
  }
}
