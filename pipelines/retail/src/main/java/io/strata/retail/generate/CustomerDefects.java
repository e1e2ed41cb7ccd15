package io.strata.retail.generate;

import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Defective customer rows. Most are later versions of a known customer, so its valid earlier
 * version stays in silver; ghost rows are the only row of a customer silver will never have.
 */
final class CustomerDefects {
  private final Population population;
  private final List<String> ghostIds;

  CustomerDefects(Population population, List<String> ghostIds) {
    this.population = population;
    this.ghostIds = ghostIds;
  }

  void write(Defect defect, int day, LocalDate date, Rng rng, CsvTable table) throws IOException {
    Customer base = population.anyKnown(rng, day);
    if (defect == Defect.CUSTOMER_DUPLICATE) {
      table.write(base.row(), List.of(), false);
      return;
    }
    OffsetDateTime at = Stamp.randomTime(rng, date, base.country.offset);
    List<String> row = new ArrayList<>(base.row());
    row.set(Customer.UPDATED_AT, Stamp.format(at));
    Names.Person person = base.person;
    String plainName = person.given() + " " + person.family();
    switch (defect) {
      case CUSTOMER_EMAIL_PATTERN -> row.set(Customer.EMAIL, brokenEmail(rng, base.email));
      case CUSTOMER_EMAIL_REQUIRED -> row.set(Customer.EMAIL, rng.pickOf("", "  "));
      case CUSTOMER_ID_PATTERN ->
          row.set(
              Customer.ID,
              rng.pickOf(
                  "C" + base.id.substring(2), base.id.toLowerCase(Locale.ROOT), base.id + "7"));
      case CUSTOMER_NAME_REQUIRED -> row.set(Customer.FULL_NAME, "");
      case CUSTOMER_COUNTRY_ALLOWED -> row.set(Customer.COUNTRY, rng.pickOf("CH", "AT", "BR"));
      case CUSTOMER_SEGMENT_ALLOWED ->
          row.set(Customer.SEGMENT, rng.pickOf("enterprise", "vip", "b2b"));
      case CUSTOMER_SIGNUP_AFTER_UPDATE ->
          row.set(Customer.SIGNUP_DATE, signupAfter(rng, at).toString());
      case CUSTOMER_SIGNUP_TYPE ->
          row.set(Customer.SIGNUP_DATE, rng.pickOf("2025-02-30", "31/12/2024", "2025-13-01"));
      case CUSTOMER_UPDATED_TYPE -> row.set(Customer.UPDATED_AT, Stamp.impossible(rng, at));
      case CUSTOMER_SEVERAL -> {
        row.set(Customer.EMAIL, brokenEmail(rng, base.email));
        row.set(Customer.COUNTRY, "CH");
        row.set(Customer.SEGMENT, "vip");
      }
      case CUSTOMER_COLUMN_COUNT -> {
        if (rng.chance(0.5)) {
          row.remove(Customer.SEGMENT);
        } else {
          // A name with a comma that the export forgot to quote.
          row.set(Customer.FULL_NAME, person.family() + ", " + person.given());
          table.writeRaw(CsvTable.unquoted(row), Reason.COLUMN_COUNT);
          return;
        }
      }
      case CUSTOMER_BROKEN_QUOTES -> {
        row.set(
            Customer.FULL_NAME,
            CsvTable.brokenQuotes(
                person.given(),
                person.given().substring(0, 1) + person.family().substring(0, 1),
                person.family()));
        table.writeRaw(CsvTable.unquoted(row), Reason.PARSE_ERROR);
        return;
      }
      case CUSTOMER_INVALID_UTF8 -> {
        row.set(Customer.FULL_NAME, plainName);
        table.writeInvalidUtf8(row, Customer.FULL_NAME);
        return;
      }
      case GHOST_LONG_NAME, GHOST_SIGNUP_AFTER_UPDATE -> row = ghostRow(defect, rng, date);
      default -> throw new IllegalArgumentException("not a customer defect: " + defect);
    }
    table.write(row, defect.reasons, false);
  }

  /** The only row of a customer silver never gets: its orders fail customer_id.fk_missing. */
  private List<String> ghostRow(Defect defect, Rng rng, LocalDate date) {
    Country country = Country.draw(rng);
    Names.Person person = Names.person(rng, country);
    OffsetDateTime at = Stamp.randomTime(rng, date, country.offset);
    String name = person.given() + " " + person.family();
    LocalDate signup = Stamp.utcDate(at);
    if (defect == Defect.GHOST_LONG_NAME) {
      int repeats = 201 / (person.given().length() + 1) + 1;
      name = (person.given() + " ").repeat(repeats) + person.family();
    } else {
      signup = signupAfter(rng, at);
    }
    return List.of(
        rng.pick(ghostIds),
        Names.email(rng, person, 0),
        name,
        country.name(),
        "consumer",
        signup.toString(),
        Stamp.format(at));
  }

  private static LocalDate signupAfter(Rng rng, OffsetDateTime updatedAt) {
    return Stamp.utcDate(updatedAt).plusDays(rng.between(1, 30));
  }

  private static String brokenEmail(Rng rng, String email) {
    return switch (rng.nextInt(3)) {
      case 0 -> email.replace("@", " at ");
      case 1 -> email.substring(0, email.indexOf('@') + 1) + "localhost";
      default -> email.replace("@", "@@");
    };
  }
}
