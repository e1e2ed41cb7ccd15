package io.strata.transforms.bronze;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/** What PostgreSQL's jsonb refuses although JSON allows it. */
final class Jsonb {
  /** numeric holds up to 131072 digits before the decimal point and 16383 after it. */
  private static final int MAX_INTEGER_DIGITS = 131_072;

  private static final int MAX_FRACTION_DIGITS = 16_383;

  private Jsonb() {}

  /** The first character of a key or string that jsonb cannot store, named; null when none. */
  static @Nullable String unstorableCharacter(JsonNode node) {
    if (node.isTextual()) {
      return unstorableCharacter(node.textValue());
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String found = unstorableCharacter(field.getKey());
        if (found == null) {
          found = unstorableCharacter(field.getValue());
        }
        if (found != null) {
          return found;
        }
      }
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        String found = unstorableCharacter(element);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** The first number jsonb cannot store (beyond numeric's range), as text; null when none. */
  static @Nullable String unstorableNumber(JsonNode node) {
    if (node.isBigDecimal() || node.isBigInteger()) {
      BigDecimal value = node.decimalValue();
      boolean fits =
          value.precision() - value.scale() <= MAX_INTEGER_DIGITS
              && value.scale() <= MAX_FRACTION_DIGITS;
      return fits ? null : value.toString();
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        String found = unstorableNumber(child);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static @Nullable String unstorableCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\u0000') {
        return "the NUL character (\\u0000)";
      }
      if (Character.isHighSurrogate(c)
          && (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))) {
        return "a lone UTF-16 surrogate (\\u" + Integer.toHexString(c) + ")";
      }
      if (Character.isLowSurrogate(c)) {
        return "a lone UTF-16 surrogate (\\u" + Integer.toHexString(c) + ")";
      }
      if (Character.isHighSurrogate(c)) {
        i++; // a valid pair: skip its low half
      }
    }
    return null;
  }
}
