package io.strata.pipelines.stages;

import io.strata.transforms.contract.GoldModel;
import io.strata.transforms.contract.Project;
import io.strata.transforms.jdbc.Warehouse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds every gold model from silver inside PostgreSQL, all in one transaction: readers see
 * the old gold or the new, never a mix. A model file is one SELECT; its ORDER BY makes two
 * builds over the same silver byte-identical.
 */
public final class GoldStage {
  private GoldStage() {}

  /** Returns the rebuilt models and their row counts, in build order. */
  public static List<String> run(Warehouse w, Project project) throws SQLException {
    List<String> built = new ArrayList<>();
    try (Connection c = w.connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (GoldModel m : project.goldModels()) {
          String sql = m.sql().trim().replaceAll(";\\s*$", "");
          s.execute("DROP TABLE IF EXISTS gold." + m.name() + " CASCADE");
          try {
            s.execute("CREATE TABLE gold." + m.name() + " AS " + sql);
          } catch (SQLException e) {
            throw new SQLException("gold/" + m.name() + ".sql failed: " + e.getMessage(), e.getSQLState(), e);
          }
          try (var rs = s.executeQuery("SELECT count(*) FROM gold." + m.name())) {
            rs.next();
            built.add(m.name() + " (" + rs.getLong(1) + " rows)");
          }
        }
      }
      c.commit();
    }
    return built;
  }
}
