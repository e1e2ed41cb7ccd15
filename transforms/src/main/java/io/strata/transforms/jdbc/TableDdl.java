package io.strata.transforms.jdbc;

import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.ChildSpec;
import io.strata.transforms.contract.ColumnSpec;
import io.strata.transforms.contract.ContractException;
import io.strata.transforms.contract.TableContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Creates a contract's bronze ({@link BronzeTable}), silver and child tables when missing, and
 * refuses to run when an existing silver table's columns differ from the contract (a changed
 * contract needs a migration, not a silent mismatch).
 */
public final class TableDdl {
  private TableDdl() {}

  public static void ensure(Connection c, TableContract contract) throws SQLException {
    BronzeTable.ensure(c, BronzeLayout.of(contract));
    String t = contract.table();
    List<String> statements = new ArrayList<>();
    String columns =
        contract.columns().stream()
            .map(
                col ->
                    col.name()
                        + " "
                        + col.columnType().sqlType()
                        + (contract.key().contains(col.name()) ? " NOT NULL" : ""))
            .collect(Collectors.joining(", "));
    statements.add(
        "CREATE TABLE IF NOT EXISTS silver."
            + t
            + " ("
            + columns
            + ", lineage_source text NOT NULL, lineage_position bigint NOT NULL, lineage_run_id text NOT NULL,"
            + " PRIMARY KEY ("
            + String.join(", ", contract.key())
            + "))");
    for (ChildSpec child : contract.childrenOrEmpty()) {
      String keys =
          contract.key().stream()
              .map(
                  k ->
                      k
                          + " "
                          + contract.column(k).orElseThrow().columnType().sqlType()
                          + " NOT NULL")
              .collect(Collectors.joining(", "));
      statements.add(
          "CREATE TABLE IF NOT EXISTS silver."
              + child.table()
              + " ("
              + keys
              + ", "
              + child.column()
              + " text NOT NULL,"
              + " PRIMARY KEY ("
              + String.join(", ", contract.key())
              + ", "
              + child.column()
              + "))");
    }
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
    checkColumns(c, contract);
  }

  private static void checkColumns(Connection c, TableContract contract) throws SQLException {
    List<String> expected =
        new ArrayList<>(contract.columns().stream().map(ColumnSpec::name).toList());
    expected.addAll(List.of("lineage_source", "lineage_position", "lineage_run_id"));
    List<String> actual = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'silver' AND table_name = ? ORDER BY ordinal_position")) {
      q.setString(1, contract.table());
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          actual.add(rs.getString(1));
        }
      }
    }
    if (!actual.equals(expected)) {
      throw new ContractException(
          contract.table()
              + ".yaml: silver."
              + contract.table()
              + " exists with columns "
              + actual
              + " but the contract declares "
              + expected
              + "; migrate or drop the table");
    }
  }
}
