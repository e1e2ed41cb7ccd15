package io.strata.retail.generate;

import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The real customers, ordered by the day their first row is published: most are in the initial
 * snapshot, the rest sign up during the period. Writes the daily customer files.
 */
final class Population {
  private static final double NEWCOMER_SHARE = 0.15;
  private static final double BUSINESS_SHARE = 0.2;
  private static final double DAILY_CHANGE_RATE = 0.003;
  private static final int MAX_HISTORY_DAYS = 4 * 365;

  private final List<Customer> customers = new ArrayList<>();

  /** knownBefore[d]: how many customers have a row in a file before day d. */
  private final int[] knownBefore;

  private final LocalDate start;

  Population(Rng rng, GeneratorConfig config) {
    start = config.startDate();
    int newcomers = (int) Math.round(config.customers() * NEWCOMER_SHARE);
    int[] firstDays = new int[config.customers()];
    for (int i = config.customers() - newcomers; i < firstDays.length; i++) {
      firstDays[i] = rng.between(1, config.days() - 1);
    }
    Arrays.sort(firstDays);
    knownBefore = new int[config.days() + 1];
    for (int i = 0; i < firstDays.length; i++) {
      customers.add(create(rng, i + 1, firstDays[i]));
      knownBefore[firstDays[i] + 1]++;
    }
    for (int day = 1; day <= config.days(); day++) {
      knownBefore[day] += knownBefore[day - 1];
    }
  }

  private Customer create(Rng rng, int number, int firstDay) {
    Country country = Country.draw(rng);
    String segment = rng.chance(BUSINESS_SHARE) ? "business" : "consumer";
    Customer customer =
        new Customer(number, country, segment, firstDay, rng, RepurchaseModel.CUSTOMER_EFFECT_SD);
    customer.person = Names.person(rng, country);
    customer.email = Names.email(rng, customer.person, number);
    if (firstDay == 0) {
      customer.signupDate = start.minusDays(rng.between(1, MAX_HISTORY_DAYS));
      int sinceSignup = (int) (start.toEpochDay() - customer.signupDate.toEpochDay()) - 1;
      LocalDate updated = customer.signupDate.plusDays(rng.between(0, sinceSignup));
      customer.update(Stamp.randomTime(rng, updated, country.offset));
    } else {
      LocalDate joined = start.plusDays(firstDay);
      customer.signupDate = joined;
      customer.update(Stamp.randomTime(rng, joined, country.offset));
    }
    return customer;
  }

  int knownBefore(int day) {
    return knownBefore[day];
  }

  Customer get(int index) {
    return customers.get(index);
  }

  /** Customers with a row published before the day: they may order, change or be copied. */
  Customer anyKnown(Rng rng, int day) {
    return customers.get(rng.nextInt(knownBefore[day]));
  }

  int size() {
    return customers.size();
  }

  /**
   * Day 0 is the initial snapshot; later days carry the customers who sign up that day and new
   * versions (e-mail or name changes) of some known ones.
   */
  void writeDay(int day, Rng rng, CsvTable table) throws IOException {
    LocalDate date = start.plusDays(day);
    for (int i = knownBefore[day]; i < knownBefore[day + 1]; i++) {
      table.write(customers.get(i).row(), List.of(), true);
    }
    if (day == 0) {
      return;
    }
    double mean = knownBefore[day] * DAILY_CHANGE_RATE;
    long changes = Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.gaussian()));
    TreeSet<Integer> changed = new TreeSet<>();
    while (changed.size() < Math.min(changes, knownBefore[day])) {
      changed.add(rng.nextInt(knownBefore[day]));
    }
    for (int index : changed) {
      Customer customer = customers.get(index);
      if (rng.chance(0.6)) {
        customer.email = Names.email(rng, customer.person, customer.number);
      } else {
        customer.person = Names.renamed(rng, customer.country, customer.person);
      }
      // Earlier versions are on earlier local dates at the same offset, so this one is later.
      OffsetDateTime at = Stamp.randomTime(rng, date, customer.country.offset);
      customer.update(at);
      table.write(customer.row(), List.of(), false);
    }
  }
}
