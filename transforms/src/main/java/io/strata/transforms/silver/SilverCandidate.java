package io.strata.transforms.silver;

import io.strata.transforms.quarantine.Reason;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A bronze record on its way to silver: its typed values in canonical text (a decimal in plain
 * notation, a timestamp as a UTC instant), the child values it carries, and every rule it breaks
 * (foreign keys are checked later, by {@link MergeCandidates}). No reasons means valid.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class SilverCandidate implements Serializable {
  public final String tableName;
  public final String source;
  public final long position;

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
      Map<String, String> values,
      Map<String, List<String>> children,
      List<Reason> reasons) {
    this.tableName = tableName;
    this.source = source;
    this.position = position;
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

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SilverCandidate c
        && position == c.position
        && tableName.equals(c.tableName)
        && source.equals(c.source)
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
