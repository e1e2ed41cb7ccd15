package io.strata.ml;

import io.strata.transforms.jdbc.ConnectionSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@link History} from silver and gold. */
public final class HistoryReader {
  private HistoryReader() {}

  public static History read(ConnectionSource warehouse) {
    try (Connection c = warehouse.connect();
        Statement s = c.createStatement()) {
      List<History.Customer> customers = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT customer_id, country, segment, signup_date FROM silver.customers ORDER BY customer_id")) {
        while (rs.next()) {
          customers.add(
              new History.Customer(
                  rs.getString(1), rs.getString(2), rs.getString(3), rs.getDate(4).toLocalDate()));
        }
      }
      List<History.Line> lines = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT order_id, customer_id, order_date, channel, product_id, category_id, quantity,"
                  + " discount, line_net_eur, line_gross_eur FROM gold.fact_order_lines"
                  + " ORDER BY order_id, line_no")) {
        while (rs.next()) {
          lines.add(
              new History.Line(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getDate(3).toLocalDate(),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getInt(7),
                  rs.getDouble(8),
                  rs.getDouble(9),
                  rs.getDouble(10)));
        }
      }
      List<History.FailedPayment> failed = new ArrayList<>();
      boolean hasPayments;
      try (ResultSet rs = s.executeQuery("SELECT to_regclass('silver.payments') IS NOT NULL")) {
        rs.next();
        hasPayments = rs.getBoolean(1);
      }
      if (hasPayments) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT o.customer_id, (p.event_ts AT TIME ZONE 'UTC')::date FROM silver.payments p"
                    + " JOIN silver.orders o ON o.order_id = p.order_id WHERE p.status = 'failed'"
                    + " ORDER BY p.payment_id")) {
          while (rs.next()) {
            failed.add(new History.FailedPayment(rs.getString(1), rs.getDate(2).toLocalDate()));
          }
        }
      }
      return new History(customers, lines, failed);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not read the ML history from the warehouse: " + e.getMessage(), e);
    }
  }
}
