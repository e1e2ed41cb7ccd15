package io.strata.transforms.bronze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.transforms.contract.BronzeLayout;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One input record as it lands in bronze: its lineage, the text of each field its contract reads
 * ({@link BronzeLayout}), and its raw text where the fields cannot stand for it: a record that
 * could not be read (with a {@code row.*} reason), or one whose field holds a nested object where a
 * value belongs (silver then reads the raw text, to say so).
 *
 * <p>Lineage is {@code (source, position)}: a file path relative to the input folder and the line
 * where the record starts, a page URL and the index on that page, or a topic-partition and an
 * offset. It is unique per table, which is what makes re-ingesting the same input a no-op.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class BronzeRecord implements Serializable {
  public final String tableName;
  public final String source;
  public final long position;

  /** Field column to its text; a field that is absent or JSON null has no entry. */
  public final Map<String, String> values;

  /** The raw record as text, or null when {@link #values} stand for it. */
  public final @Nullable String payload;

  /** A {@code row.*} reason code when the record cannot be read, else null. */
  public final @Nullable String rejectCode;

  public final @Nullable String rejectMessage;

  /**
   * How a schema coder rebuilds a record: its map of values is a lazy view that does not compare as
   * a map, so it is copied.
   */
  @SchemaCreate
  public static BronzeRecord fromSchema(
      String tableName,
      String source,
      long position,
      Map<String, String> values,
      @Nullable String payload,
      @Nullable String rejectCode,
      @Nullable String rejectMessage) {
    return new BronzeRecord(
        tableName, source, position, new HashMap<>(values), payload, rejectCode, rejectMessage);
  }

  BronzeRecord(
      String tableName,
      String source,
      long position,
      Map<String, String> values,
      @Nullable String payload,
      @Nullable String rejectCode,
      @Nullable String rejectMessage) {
    this.tableName = tableName;
    this.source = source;
    this.position = position;
    this.values = values;
    this.payload = payload;
    this.rejectCode = rejectCode;
    this.rejectMessage = rejectMessage;
  }

  /** A record read into its fields. */
  public static BronzeRecord parsed(
      String table, String source, long position, Map<String, String> values) {
    return new BronzeRecord(table, source, position, values, null, null, null);
  }

  /**
   * A CSV record: field {@code i} of the layout from column {@code columnOf[i]} of the record, or
   * absent where that is -1 (the header lacks it; only a container field may be missing).
   */
  public static BronzeRecord ofCsv(
      BronzeLayout layout, String source, long position, int[] columnOf, List<String> fields) {
    List<BronzeLayout.Field> layoutFields = layout.fields();
    Map<String, String> values = new HashMap<>(2 * layoutFields.size());
    for (int i = 0; i < columnOf.length; i++) {
      if (columnOf[i] >= 0) {
        values.put(layoutFields.get(i).column(), fields.get(columnOf[i]));
      }
    }
    return parsed(layout.table(), source, position, values);
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
          Map.of(),
          payload.replace('\u0000', '\uFFFD'),
          code,
          message + " (NUL characters shown as U+FFFD)");
    }
    return new BronzeRecord(table, source, position, Map.of(), payload, code, message);
  }

  /**
   * A JSON value a source read as {@code text}: an object PostgreSQL can store becomes its fields;
   * anything else is unreadable with its text. JSON allows what PostgreSQL refuses: the NUL
   * character or a lone UTF-16 surrogate in a string, and numbers beyond the range of numeric.
   */
  public static BronzeRecord ofJson(
      BronzeLayout layout, String source, long position, String text, @Nullable JsonNode node) {
    String table = layout.table();
    if (node == null || !node.isObject()) {
      return unreadable(
          table, source, position, text, RecordCodes.PARSE_ERROR, "not a JSON object");
    }
    Jsonb.Refusal refusal = Jsonb.refusal(node);
    if (refusal != null) {
      return unreadable(table, source, position, text, refusal.code(), refusal.message());
    }
    Map<String, String> values = new HashMap<>(2 * layout.fields().size());
    boolean nestedWhereValue = false;
    for (BronzeLayout.Field f : layout.fields()) {
      JsonNode v = JsonPaths.at(node, f.path());
      if (v == null || v.isNull()) {
        continue;
      }
      if (f.container() || v.isContainerNode()) {
        values.put(f.column(), v.toString());
        nestedWhereValue |= !f.container();
      } else {
        values.put(f.column(), v.asText());
      }
    }
    return new BronzeRecord(
        table, source, position, values, nestedWhereValue ? text : null, null, null);
  }

  /** The raw text where kept, else the fields as a JSON object of column to text. */
  public String text() {
    if (payload != null) {
      return payload;
    }
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    new TreeMap<>(values).forEach(object::put);
    return object.toString();
  }

  public boolean isReadable() {
    return rejectCode == null;
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
        && values.equals(r.values)
        && Objects.equals(payload, r.payload)
        && Objects.equals(rejectCode, r.rejectCode)
        && Objects.equals(rejectMessage, r.rejectMessage);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tableName, source, position, values, payload, rejectCode);
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
