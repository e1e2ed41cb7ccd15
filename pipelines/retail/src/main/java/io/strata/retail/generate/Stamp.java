package io.strata.retail.generate;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Timestamp text: ISO-8601 with seconds and an offset, {@code Z} for UTC. */
final class Stamp {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

  private Stamp() {}

  static String format(OffsetDateTime time) {
    return FORMAT.format(time);
  }

  /** A random second of the given local date at the given offset. */
  static OffsetDateTime randomTime(Rng rng, LocalDate date, ZoneOffset offset) {
    return date.atStartOfDay().plusSeconds(rng.nextInt(86_400)).atOffset(offset);
  }

  static LocalDate utcDate(OffsetDateTime time) {
    return time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
  }

  /** Looks like a timestamp but names a day or hour that does not exist. */
  static String impossible(Rng rng, OffsetDateTime time) {
    String text = format(time);
    return rng.chance(0.5)
        ? text.substring(0, 8) + "32" + text.substring(10)
        : text.substring(0, 11) + "25" + text.substring(13);
  }
}
