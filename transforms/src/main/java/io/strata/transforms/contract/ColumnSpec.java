package io.strata.transforms.contract;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One silver column: where its value is found in the raw record, its type and its rules. Each
 * broken rule becomes a reason coded {@code <name>.<rule>}.
 *
 * @param name the silver column name
 * @param path dotted path in the raw record; defaults to {@code name}
 * @param type {@code string}, {@code integer}, {@code decimal}, {@code date}, {@code timestamp} or
 *     {@code boolean}; defaults to {@code string}
 * @param required present and not blank
 * @param pattern a regular expression the whole value must match
 * @param min inclusive lower bound (numbers)
 * @param minExclusive exclusive lower bound (numbers)
 * @param max inclusive upper bound (numbers)
 * @param maxExclusive exclusive upper bound (numbers)
 * @param allowed the only values accepted
 * @param maxLength the most characters accepted
 * @param scale the most decimal places accepted
 * @param notAfter another column this date may not be after (a timestamp compares as its UTC date)
 * @param lowercase store the value lower-cased
 */
public record ColumnSpec(
    String name,
    @Nullable String path,
    @Nullable String type,
    boolean required,
    @Nullable String pattern,
    @Nullable BigDecimal min,
    @Nullable BigDecimal minExclusive,
    @Nullable BigDecimal max,
    @Nullable BigDecimal maxExclusive,
    @Nullable List<String> allowed,
    @Nullable Integer maxLength,
    @Nullable Integer scale,
    @Nullable String notAfter,
    boolean lowercase)
    implements Serializable {

  public String pathOrName() {
    return path == null ? name : path;
  }

  public ColumnType columnType() {
    return ColumnType.of(type);
  }
}
