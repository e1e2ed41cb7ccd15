package io.strata.retail.generate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Units of USD and GBP per EUR: a random walk on business days, carried over weekends. Prices are
 * converted with it every day; the FX API publishes it from three days after the start, so the
 * first non-EUR orders have no rate on or before their date.
 */
final class FxRates {
  static final List<String> CURRENCIES = List.of("USD", "GBP");
  private static final double[] START = {1.0850, 0.8550};
  private static final double[] DAILY_VOLATILITY = {0.004, 0.003};
  private static final int MARGIN_DAYS = 7;

  private final LocalDate from;
  private final BigDecimal[][] byDay;
  final LocalDate firstRateDate;
  final LocalDate lastRateDate;

  FxRates(Rng rng, LocalDate start, int days) {
    from = start.minusDays(MARGIN_DAYS);
    byDay = new BigDecimal[days + 2 * MARGIN_DAYS + 1][];
    double[] level = START.clone();
    for (int i = 0; i < byDay.length; i++) {
      if (i > 0 && businessDay(from.plusDays(i))) {
        for (int c = 0; c < level.length; c++) {
          level[c] *= StrictMath.exp(DAILY_VOLATILITY[c] * rng.gaussian());
        }
      }
      byDay[i] = new BigDecimal[level.length];
      for (int c = 0; c < level.length; c++) {
        byDay[i][c] = BigDecimal.valueOf(level[c]).setScale(4, RoundingMode.HALF_UP);
      }
    }
    firstRateDate = nextBusinessDay(start.plusDays(3));
    // A few days past the end so late payments and next-day UTC dates still have a rate.
    lastRateDate = previousBusinessDay(start.plusDays(days + 3));
  }

  /** Units of the currency per 1 EUR on the date (EUR is 1). */
  BigDecimal perEur(String currency, LocalDate date) {
    if ("EUR".equals(currency)) {
      return BigDecimal.ONE;
    }
    return byDay[(int) ChronoUnit.DAYS.between(from, date)][CURRENCIES.indexOf(currency)];
  }

  /** Whether silver will hold a rate on or before this UTC date (the first page is valid). */
  boolean published(LocalDate utcDate) {
    return !utcDate.isBefore(firstRateDate);
  }

  List<LocalDate> publishedDates() {
    List<LocalDate> dates = new ArrayList<>();
    for (LocalDate d = firstRateDate; !d.isAfter(lastRateDate); d = d.plusDays(1)) {
      if (businessDay(d)) {
        dates.add(d);
      }
    }
    return dates;
  }

  private static boolean businessDay(LocalDate date) {
    return date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  private static LocalDate nextBusinessDay(LocalDate date) {
    return businessDay(date) ? date : nextBusinessDay(date.plusDays(1));
  }

  private static LocalDate previousBusinessDay(LocalDate date) {
    return businessDay(date) ? date : previousBusinessDay(date.minusDays(1));
  }
}
