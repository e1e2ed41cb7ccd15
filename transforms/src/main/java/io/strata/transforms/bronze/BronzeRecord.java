package io.strata.transforms.bronze;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One raw input record as it lands in bronze: the bytes as read, their lineage, and (when the
 * record could be read at all) the parsed JSON object that silver types and validates.
 *
 * <p>Lineage is {@code (source, position)}: a file path relative to the input folder and the line
 * where the record starts, a page URL and the index on that page, or a topic-partition and an
 * offset. It is unique per table, which is what makes re-ingesting the same input a no-op.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class BronzeRecord implements Serializable {
  private static final JsonFactory JSON = new JsonFactory();

  public final String tableName;
  public final String source;
  public final long position;

  /** The raw record as text; undecodable bytes are replaced by U+FFFD and flagged below. */
  public final String payload;

  /** The record as a JSON object (CSV: header name to value), or null when unreadable. */
  public final @Nullable String record;

  /** A {@code row.*} reason code when the record cannot be read, else null. */
  public final @Nullable String rejectCode;

  public final @Nullable String rejectMessage;

  @SchemaCreate
  public BronzeRecord(
      String tableName,
      String source,
      long position,
      String payload,
      @Nullable String record,
      @Nullable String rejectCode,
      @Nullable String rejectMessage) {
    this.tableName = tableName;
    this.source = source;
    this.position = position;
    this.payload = payload;
    this.record = record;
    this.rejectCode = rejectCode;
    this.rejectMessage = rejectMessage;
  }

  public static BronzeRecord parsed(
      String table, String source, long position, String payload, String record) {
    return new BronzeRecord(table, source, position, payload, record, null, null);
  }

  /**
   * A CSV record as its JSON object, header name to value: the {@link #record} of a CSV line.
   * Written straight out rather than through a tree of nodes: it runs once per record.
   */
  public static String csvRecord(List<String> header, List<String> fields) {
    StringWriter out = new StringWriter(16 * header.size());
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      for (int i = 0; i < header.size(); i++) {
        json.writeStringField(header.get(i), fields.get(i));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /**
   * A record that cannot be read, kept with its raw text. PostgreSQL text cannot hold the NUL
   * character: one in the payload is shown as U+FFFD, and the message says so.
   */
  public static BronzeRecord unreadable(
      String table, String source, long position, String payload, String code, String message) {
    if (payload.indexOf('\u0000') >= 0) {
      return new BronzeRecord(
          table,
          source,
          position,
          payload.replace('\u0000', '\uFFFD'),
          null,
          code,
          message + " (NUL characters shown as U+FFFD)");
    }
    return new BronzeRecord(table, source, position, payload, null, code, message);
  }

  /**
   * A JSON value a source read as {@code text}: an object that PostgreSQL can store as jsonb
   * becomes a parsed record (the text as read is both payload and record); anything else is
   * unreadable with its text. JSON allows what jsonb refuses: the NUL character or a lone UTF-16
   * surrogate in a string, and numbers beyond the range of PostgreSQL's numeric.
   */
  public static BronzeRecord ofJson(
      String table, String source, long position, String text, @Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      return unreadable(
          table, source, position, text, RecordCodes.PARSE_ERROR, "not a JSON object");
    }
    Jsonb.Refusal refusal = Jsonb.refusal(node);
    if (refusal != null) {
      return unreadable(table, source, position, text, refusal.code(), refusal.message());
    }
    return parsed(table, source, position, text, text);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof BronzeRecord)) {
      return false;
    }
    BronzeRecord r = (BronzeRecord) o;
    return position == r.position
        && tableName.equals(r.tableName)
        && source.equals(r.source)
        && payload.equals(r.payload)
        && Objects.equals(record, r.record)
        && Objects.equals(rejectCode, r.rejectCode)
        && Objects.equals(rejectMessage, r.rejectMessage);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tableName, source, position, payload, record, rejectCode);
  }

  @Override
  public String toString() {
    return tableName
        + "@"
        + source
        + ":"
        + position
        + (rejectCode == null ? "" : " [" + rejectCode + "]");
  }
}
