package io.strata.transforms.silver;

import io.strata.transforms.contract.ForeignKeySpec;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.jdbc.WarehouseFn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * The parent keys a foreign key may point to, read from silver: {@code KV<key, earliest as-of
 * date>}, the date empty without an as-of rule. The grouping runs inside PostgreSQL.
 */
public final class ReadParentKeys extends PTransform<PBegin, PCollection<KV<String, String>>> {
  private final Warehouse warehouse;
  private final ForeignKeySpec fk;

  private ReadParentKeys(Warehouse warehouse, ForeignKeySpec fk) {
    this.warehouse = warehouse;
    this.fk = fk;
  }

  public static ReadParentKeys of(Warehouse warehouse, ForeignKeySpec fk) {
    return new ReadParentKeys(warehouse, fk);
  }

  static String query(ForeignKeySpec fk) {
    String key = fk.referencedColumn();
    String asOf = fk.asOf() == null ? "''" : "min(" + fk.asOf().references() + ")::text";
    return "SELECT "
        + key
        + "::text, "
        + asOf
        + " FROM silver."
        + fk.table()
        + " WHERE "
        + key
        + " IS NOT NULL GROUP BY "
        + key;
  }

  @Override
  public PCollection<KV<String, String>> expand(PBegin input) {
    return input
        .apply("Seed", Create.of(fk.table()))
        .apply("Query silver." + fk.table(), ParDo.of(new QueryFn(warehouse, query(fk))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
  }

  private static final class QueryFn extends WarehouseFn<String, KV<String, String>> {
    private final String sql;

    QueryFn(Warehouse warehouse, String sql) {
      super(warehouse);
      this.sql = sql;
    }

    @ProcessElement
    public void process(OutputReceiver<KV<String, String>> out) throws SQLException {
      try (Connection c = connect()) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.setFetchSize(10_000);
          try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
              out.output(KV.of(rs.getString(1), rs.getString(2)));
            }
          }
        }
        c.commit();
      }
    }
  }
}
