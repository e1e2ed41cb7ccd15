package io.strata.transforms.bronze;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/** What JSON allows but PostgreSQL cannot store, as text or as jsonb. */
final class Jsonb {
  /** numeric holds up to 131072 digits before the decimal point and 16383 after it. */
  private static final int MAX_INTEGER_DIGITS = 131_072;

  private static final int MAX_FRACTION_DIGITS = 16_383;

  private Jsonb() {}

  /** Why jsonb would refuse a value: a {@code row.*} reason code and a message. */
  record Refusal(String code, String message) {}

  /**
   * The first thing in {@code node} (a key, a string, a number) jsonb cannot store; null if none.
   */
  static @Nullable Refusal refusal(JsonNode node) {
    if (node.isTextual()) {
      return refusal(node.textValue());
    }
    if (node.isBigDecimal() || node.isBigInteger()) {
      BigDecimal value = node.decimalValue();
      boolean fits =
          value.precision() - value.scale() <= MAX_INTEGER_DIGITS
              && value.scale() <= MAX_FRACTION_DIGITS;
      return fits
          ? null
          : new Refusal(
              RecordCodes.PARSE_ERROR,
              "the number " + value + " is beyond what PostgreSQL's numeric can hold");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      Refusal found = refusal(field.getKey());
      if (found == null) {
        found = refusal(field.getValue());
      }
      if (found != null) {
        return found;
      }
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        Refusal found = refusal(element);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** A NUL character or a lone UTF-16 surrogate in a key or a string. */
  private static @Nullable Refusal refusal(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String found = null;
      if (c == '\u0000') {
        found = "the NUL character (\\u0000)";
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a whole pair
      } else if (Character.isSurrogate(c)) {
        found = "a lone UTF-16 surrogate (\\u" + Integer.toHexString(c) + ")";
      }
      if (found != null) {
        return new Refusal(
            RecordCodes.ENCODING, "a string holds " + found + ", which PostgreSQL cannot store");
      }
    }
    return null;
  }
}
