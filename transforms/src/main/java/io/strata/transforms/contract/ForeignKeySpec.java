package io.strata.transforms.contract;

import java.io.Serializable;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A reference from a column to a key of another silver table, checked against silver (never against
 * bronze). A row whose parent is missing is quarantined with reason {@code <column>.<code>} and
 * re-checked on every later run.
 *
 * @param column the referencing column
 * @param table the referenced silver table
 * @param references the referenced column; defaults to {@code column}
 * @param code the rule name in the reason code; defaults to {@code fk_missing}
 * @param asOf when set, a parent row only counts if its {@code asOf.references} date is on or
 *     before this row's {@code asOf.column} (as a UTC date): "a rate on or before the order date"
 * @param exempt values that need no parent (EUR needs no FX rate)
 */
public record ForeignKeySpec(
    String column,
    String table,
    @Nullable String references,
    @Nullable String code,
    @Nullable AsOf asOf,
    @Nullable List<String> exempt)
    implements Serializable {

  /** The date columns compared by an as-of reference. */
  public record AsOf(String column, String references) implements Serializable {}

  public String referencedColumn() {
    return references == null ? column : references;
  }

  public String reasonCode() {
    return column + "." + (code == null ? "fk_missing" : code);
  }

  public List<String> exemptOrEmpty() {
    return exempt == null ? List.of() : exempt;
  }
}
