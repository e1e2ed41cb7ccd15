package io.strata.pipelines.stages;

import io.strata.transforms.contract.GoldModel;
import io.strata.transforms.contract.Project;
import io.strata.transforms.jdbc.LostConnection;
import io.strata.transforms.jdbc.Warehouse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilds every gold model from silver inside PostgreSQL, all in one transaction: readers see the
 * old gold or the new, never a mix. A model file is one SELECT; its ORDER BY makes two builds over
 * the same silver byte-identical.
 */
public final class GoldStage {
  private static final Pattern REFERENCE =
      Pattern.compile("\\b(silver|gold)\\.([a-z_][a-z0-9_]*)\\b");

  private GoldStage() {}

  /** Returns the rebuilt models and their row counts, in build order. */
  public static List<String> run(Warehouse w, Project project) throws SQLException {
    return build(w, project.goldModels());
  }

  /**
   * Rebuilds only the models that read one of {@code silverTables}, directly or through another
   * model: what a streaming window refreshes after those tables changed. Nothing when none did.
   */
  public static List<String> refresh(Warehouse w, Project project, Set<String> silverTables)
      throws SQLException {
    return build(w, affected(project, silverTables));
  }

  /** The affected models, in build order (a model comes after the models it reads). */
  static List<GoldModel> affected(Project project, Set<String> silverTables) {
    Set<String> changed = new HashSet<>();
    List<GoldModel> out = new ArrayList<>();
    for (GoldModel m : project.goldModels()) {
      Matcher refs = REFERENCE.matcher(m.sql());
      while (refs.find()) {
        boolean readsChangedSilver =
            refs.group(1).equals("silver") && silverTables.contains(refs.group(2));
        if (readsChangedSilver || refs.group(1).equals("gold") && changed.contains(refs.group(2))) {
          changed.add(m.name());
          out.add(m);
          break;
        }
      }
    }
    return out;
  }

  private static List<String> build(Warehouse w, List<GoldModel> models) throws SQLException {
    List<String> built = new ArrayList<>();
    try (Connection c = w.connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (GoldModel m : models) {
          String sql = m.sql().trim().replaceAll(";\\s*$", "");
          s.execute("DROP TABLE IF EXISTS gold." + m.name() + " CASCADE");
          try {
            // As a subquery, the file can only be one query: a second statement after a
            // semicolon is a syntax error, never run. The line break ends a trailing comment.
            s.execute(
                "CREATE TABLE gold."
                    + m.name()
                    + " AS SELECT * FROM (\n"
                    + sql
                    + "\n) AS "
                    + m.name());
          } catch (SQLException e) {
            SQLException lost = LostConnection.naming(e, "gold." + m.name());
            if (lost != e) {
              throw lost;
            }
            throw new SQLException(
                "gold/"
                    + m.name()
                    + ".sql failed (a model is exactly one SELECT): "
                    + e.getMessage(),
                e.getSQLState(),
                e);
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
