package io.strata.ml;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads a trainer's name as the command line gives it. */
final class Algorithms {
  private Algorithms() {}

  static <E extends Enum<E>> E parse(Class<E> type, String option, String id) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(id)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        option
            + " must be one of "
            + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "))
            + ", was "
            + id);
  }
}
