package io.strata.retail.generate;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A real customer: the attributes of its latest valid row, the hidden traits that drive its
 * behaviour, and the running history the planted model reads.
 */
final class Customer {
  static final List<String> HEADER =
      List.of(
          "customer_id", "email", "full_name", "country", "segment", "signup_date", "updated_at");
  static final int ID = 0;
  static final int EMAIL = 1;
  static final int FULL_NAME = 2;
  static final int COUNTRY = 3;
  static final int SEGMENT = 4;
  static final int SIGNUP_DATE = 5;
  static final int UPDATED_AT = 6;

  final int number;
  final String id;
  final Country country;
  final String segment;

  /** Day index of the first file carrying this customer: 0 is the initial snapshot. */
  final int firstDay;

  /** Hidden: the part of the order propensity no feature explains. */
  final double effect;

  /** Hidden: the share of order lines that get a discount. */
  final double discountAffinity;

  final double paymentFailureRate;
  final int preferredChannel;
  final int preferredMethod;

  Names.Person person;
  String email;
  LocalDate signupDate;
  OffsetDateTime updatedAt;
  private long discountHundredths;
  private int lines;

  Customer(int number, Country country, String segment, int firstDay, Rng rng, double effectSd) {
    this.number = number;
    this.id = id(number);
    this.country = country;
    this.segment = segment;
    this.firstDay = firstDay;
    this.effect = effectSd * rng.gaussian();
    this.discountAffinity = rng.nextDouble() * 0.6;
    this.paymentFailureRate = 0.01 + rng.nextDouble() * 0.11;
    this.preferredChannel = rng.pickWeighted(new double[] {5, 8, 10});
    this.preferredMethod = rng.pickWeighted(new double[] {65, 90, 100});
  }

  static String id(int number) {
    return String.format("C%06d", number);
  }

  List<String> row() {
    return List.of(
        id,
        email,
        person.fullName(),
        country.name(),
        segment,
        signupDate.toString(),
        Stamp.format(updatedAt));
  }

  /** Sets a new valid version; the signup date never lies after the update's UTC date. */
  void update(OffsetDateTime at) {
    updatedAt = at;
    LocalDate utc = Stamp.utcDate(at);
    if (signupDate.isAfter(utc)) {
      signupDate = utc;
    }
  }

  void addLine(int discountHundredthsOfLine) {
    discountHundredths += discountHundredthsOfLine;
    lines++;
  }

  double averageDiscount() {
    return lines == 0 ? 0 : discountHundredths / (100.0 * lines);
  }

  boolean business() {
    return "business".equals(segment);
  }
}
