package io.strata.retail.generate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * SPEC.md's column rules for one record, collecting every reason it breaks: a blank required value
 * gives only {@code .required}, an unparseable one only {@code .type}.
 */
final class Checks {
  final List<String> reasons = new ArrayList<>();

  /** The value, or null (with a reason) when it is missing or blank. */
  String required(String column, String value) {
    if (value == null || value.isBlank()) {
      reasons.add(column + ".required");
      return null;
    }
    return value;
  }

  void pattern(String column, String value, String regex) {
    if (value != null && !value.matches(regex)) {
      reasons.add(column + ".pattern");
    }
  }

  void allowed(String column, String value, Set<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      reasons.add(column + ".allowed");
    }
  }

  void maxLength(String column, String value, int max) {
    if (value != null && value.codePointCount(0, value.length()) > max) {
      reasons.add(column + ".max_length");
    }
  }

  BigDecimal decimal(String column, String value) {
    if (value == null) {
      return null;
    }
    try {
      return new BigDecimal(value);
    } catch (NumberFormatException e) {
      reasons.add(column + ".type");
      return null;
    }
  }

  Long integer(String column, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      reasons.add(column + ".type");
      return null;
    }
  }

  LocalDate date(String column, String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      reasons.add(column + ".type");
      return null;
    }
  }

  OffsetDateTime timestamp(String column, String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      reasons.add(column + ".type");
      return null;
    }
  }

  /** Inclusive bounds unless told otherwise; a null bound is open. */
  void range(
      String column,
      BigDecimal value,
      BigDecimal min,
      boolean minInclusive,
      BigDecimal max,
      boolean maxInclusive) {
    if (value == null) {
      return;
    }
    boolean low =
        min != null && (minInclusive ? value.compareTo(min) < 0 : value.compareTo(min) <= 0);
    boolean high =
        max != null && (maxInclusive ? value.compareTo(max) > 0 : value.compareTo(max) >= 0);
    if (low || high) {
      reasons.add(column + ".range");
    }
  }

  void scale(String column, BigDecimal value, int max) {
    if (value != null && value.scale() > max) {
      reasons.add(column + ".scale");
    }
  }

  void fk(String column, String value, Set<String> parents) {
    if (value != null && !value.isBlank() && !parents.contains(value)) {
      reasons.add(column + ".fk_missing");
    }
  }
}
