package io.strata.transforms.silver;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.transforms.contract.ColumnSpec;
import io.strata.transforms.contract.ColumnType;
import io.strata.transforms.quarantine.Reason;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One column's type and rules. A blank required value breaks only {@code required}; a value that
 * does not parse breaks only {@code type}; otherwise every rule is checked and every broken one
 * reported.
 */
final class ColumnRules implements Serializable {
  private static final int SHOWN = 60;

  private final ColumnSpec spec;
  private transient @Nullable Pattern pattern;

  ColumnRules(ColumnSpec spec) {
    this.spec = spec;
  }

  ColumnSpec spec() {
    return spec;
  }

  /**
   * Returns the canonical value, or null when absent or not of the type; adds a reason per broken
   * rule. A typed value that breaks a rule is still returned, so foreign keys are checked on it
   * too.
   */
  @Nullable String check(@Nullable JsonNode node, List<Reason> reasons, String suffix) {
    String name = spec.name();
    if (node != null && (node.isObject() || node.isArray())) {
      reasons.add(
          Reason.of(
              name,
              "type",
              "expected a "
                  + typeName()
                  + ", found a JSON "
                  + node.getNodeType().name().toLowerCase(Locale.ROOT)
                  + suffix));
      return null;
    }
    String raw = node == null || node.isNull() ? null : node.asText();
    if (raw == null || raw.isBlank()) {
      if (spec.required()) {
        reasons.add(Reason.of(name, "required", "is required" + suffix));
      }
      return null;
    }
    String canonical;
    BigDecimal number = null;
    try {
      switch (spec.columnType()) {
        case INTEGER -> {
          long v = Long.parseLong(raw.trim());
          number = BigDecimal.valueOf(v);
          canonical = Long.toString(v);
        }
        case DECIMAL -> {
          number = new BigDecimal(raw.trim());
          canonical = number.toPlainString();
        }
        case DATE -> canonical = LocalDate.parse(raw.trim()).toString();
        case TIMESTAMP -> canonical = OffsetDateTime.parse(raw.trim()).toInstant().toString();
        case BOOLEAN -> canonical = parseBoolean(raw.trim());
        default -> canonical = spec.lowercase() ? raw.toLowerCase(Locale.ROOT) : raw;
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      reasons.add(Reason.of(name, "type", "'" + shown(raw) + "' is not a " + typeName() + suffix));
      return null;
    }
    if (spec.pattern() != null && !pattern().matcher(raw).matches()) {
      reasons.add(
          Reason.of(
              name, "pattern", "'" + shown(raw) + "' does not match " + spec.pattern() + suffix));
    }
    if (spec.allowed() != null && !spec.allowed().contains(raw)) {
      reasons.add(
          Reason.of(
              name, "allowed", "'" + shown(raw) + "' is not one of " + spec.allowed() + suffix));
    }
    if (spec.maxLength() != null && raw.codePointCount(0, raw.length()) > spec.maxLength()) {
      reasons.add(
          Reason.of(
              name,
              "max_length",
              "has "
                  + raw.codePointCount(0, raw.length())
                  + " characters, at most "
                  + spec.maxLength()
                  + " allowed"
                  + suffix));
    }
    if (number != null) {
      checkRange(number, reasons, suffix);
      if (spec.scale() != null && Math.max(0, number.stripTrailingZeros().scale()) > spec.scale()) {
        reasons.add(
            Reason.of(
                name,
                "scale",
                raw.trim() + " has more than " + spec.scale() + " decimal places" + suffix));
      }
    }
    return canonical;
  }

  /** {@code not_after}: this date may not be after the other column's (UTC) date. */
  void checkNotAfter(Map<String, String> values, List<Reason> reasons, String suffix) {
    if (spec.notAfter() == null) {
      return;
    }
    String mine = values.get(spec.name());
    String other = values.get(spec.notAfter());
    if (mine != null && other != null && utcDate(mine).isAfter(utcDate(other))) {
      reasons.add(
          Reason.of(
              spec.name(),
              "not_after",
              mine + " is after " + spec.notAfter() + " " + other + suffix));
    }
  }

  /** The UTC date of a canonical date or timestamp value. */
  static LocalDate utcDate(String canonical) {
    return canonical.length() == 10
        ? LocalDate.parse(canonical)
        : Instant.parse(canonical).atOffset(ZoneOffset.UTC).toLocalDate();
  }

  private void checkRange(BigDecimal v, List<Reason> reasons, String suffix) {
    boolean ok =
        (spec.min() == null || v.compareTo(spec.min()) >= 0)
            && (spec.minExclusive() == null || v.compareTo(spec.minExclusive()) > 0)
            && (spec.max() == null || v.compareTo(spec.max()) <= 0)
            && (spec.maxExclusive() == null || v.compareTo(spec.maxExclusive()) < 0);
    if (!ok) {
      reasons.add(
          Reason.of(spec.name(), "range", v.toPlainString() + " is outside " + bounds() + suffix));
    }
  }

  private String bounds() {
    String low =
        spec.min() != null
            ? "[" + spec.min().toPlainString()
            : spec.minExclusive() != null ? "(" + spec.minExclusive().toPlainString() : "(-inf";
    String high =
        spec.max() != null
            ? spec.max().toPlainString() + "]"
            : spec.maxExclusive() != null ? spec.maxExclusive().toPlainString() + ")" : "+inf)";
    return low + ", " + high;
  }

  private Pattern pattern() {
    if (pattern == null) {
      pattern = Pattern.compile(spec.pattern());
    }
    return pattern;
  }

  private String typeName() {
    return spec.columnType() == ColumnType.TIMESTAMP
        ? "timestamp with offset"
        : spec.columnType().name().toLowerCase(Locale.ROOT);
  }

  private static String parseBoolean(String s) {
    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
      return s.toLowerCase(Locale.ROOT);
    }
    throw new NumberFormatException(s);
  }

  private static String shown(String raw) {
    return raw.length() <= SHOWN ? raw : raw.substring(0, SHOWN) + "...";
  }
}
