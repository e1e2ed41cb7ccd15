package io.strata.retail.generate;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An order as written, kept only while the day's defects may copy it.
 *
 * @param valid whether the order record passes every rule (so its lines and payments can too)
 */
record PlacedOrder(
    List<String> row,
    List<List<String>> lines,
    List<Payment> payments,
    Customer customer,
    OffsetDateTime at,
    boolean valid) {}
