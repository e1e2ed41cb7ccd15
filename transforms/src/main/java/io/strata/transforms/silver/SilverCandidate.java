package io.strata.transforms.silver;

import io.strata.transforms.quarantine.Reason;
import io.strata.transforms.quarantine.RejectedRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A bronze record on its way to silver: its typed values in canonical text (a decimal in plain
 * notation, a timestamp as a UTC instant), the child values it carries, and every reason it breaks
 * so far. No reasons means valid.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class SilverCandidate implements Serializable {
  public final String tableName;
  public final String source;
  public final long position;
  public final String payload;

  /** Column to canonical value; a null value is absent. */
  public final Map<String, String> values;

  /** Child table to its normalised values. */
  public final Map<String, List<String>> children;

  public final List<Reason> reasons;

  @SchemaCreate
  public SilverCandidate(
      String tableName,
      String source,
      long position,
      String payload,
      Map<String, String> values,
      Map<String, List<String>> children,
      List<Reason> reasons) {
    this.tableName = tableName;
    this.source = source;
    this.position = position;
    this.payload = payload;
    this.values = values;
    this.children = children;
    this.reasons = reasons;
  }

  public boolean isValid() {
    return reasons.isEmpty();
  }

  public @Nullable String value(String column) {
    return values.get(column);
  }

  public SilverCandidate withReasons(List<Reason> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<Reason> all = new ArrayList<>(reasons);
    all.addAll(more);
    return new SilverCandidate(
        tableName, source, position, payload, values, children, List.copyOf(all));
  }

  /** This candidate as quarantine keeps it: its lineage, raw payload and every reason. */
  public RejectedRecord rejection() {
    return new RejectedRecord(source, position, payload, reasons);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SilverCandidate c
        && position == c.position
        && tableName.equals(c.tableName)
        && source.equals(c.source)
        && payload.equals(c.payload)
        && values.equals(c.values)
        && children.equals(c.children)
        && reasons.equals(c.reasons);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tableName, source, position, values);
  }

  @Override
  public String toString() {
    return tableName
        + "@"
        + source
        + ":"
        + position
        + values
        + (reasons.isEmpty() ? "" : " " + reasons);
  }
}
