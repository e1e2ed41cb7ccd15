package io.strata.transforms.quarantine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A record on its way to {@code quarantine.rejected_rows}: where it came from (its lineage), the
 * raw payload as read, and every reason it was rejected for.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class RejectedRecord implements Serializable {
  public final String source;
  public final long position;
  public final String payload;
  public final List<Reason> reasons;

  @SchemaCreate
  public RejectedRecord(String source, long position, String payload, List<Reason> reasons) {
    this.source = source;
    this.position = position;
    this.payload = payload;
    this.reasons = reasons;
  }

  /** The record's identity in quarantine: one row per (table, source, position). */
  public String lineage() {
    return source + "#" + position;
  }

  /** This record with the reasons of {@code other} (the same record) it does not have yet. */
  public RejectedRecord withReasonsOf(RejectedRecord other) {
    List<Reason> all = new ArrayList<>(reasons);
    other.reasons.stream().filter(r -> !all.contains(r)).forEach(all::add);
    return new RejectedRecord(source, position, payload, List.copyOf(all));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RejectedRecord r
        && position == r.position
        && source.equals(r.source)
        && payload.equals(r.payload)
        && reasons.equals(r.reasons);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, position, reasons);
  }

  @Override
  public String toString() {
    return source + ":" + position + " " + reasons;
  }
}
