package io.strata.transforms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;

/** Every value COPYed in comes back exactly, whatever characters it holds. */
public class PgCopyIT {
  @ClassRule public static final WarehouseRule WAREHOUSE = new WarehouseRule();

  @Test
  public void everyCellRoundTripsExactlyAndNullStaysNull() throws Exception {
    WAREHOUSE.execute("CREATE TABLE public.copied (id int, s text, n numeric, j jsonb)");
    List<String> texts =
        List.of(
            "",
            "plain",
            "a\tb",
            "line\nbreak",
            "cr\r\nlf",
            "back\\slash",
            "\\N",
            "\"quoted\", comma",
            "ünïcödé €",
            " leading and trailing ",
            "\\t literal");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      rows.add(
          new Object[] {
            i,
            texts.get(i),
            new BigDecimal("12.50"),
            "{\"v\":\""
                + texts
                    .get(i)
                    .replace("\\", "\\\\")
                    .replace("\"", "\\\"")
                    .replace("\n", "\\n")
                    .replace("\r", "\\r")
                    .replace("\t", "\\t")
                + "\"}"
          });
    }
    rows.add(new Object[] {texts.size(), null, null, null});
    try (Connection c = WAREHOUSE.warehouse().connect()) {
      assertThat(PgCopy.copy(c, "public.copied", List.of("id", "s", "n", "j"), rows))
          .isEqualTo(rows.size());
      try (PreparedStatement s =
              c.prepareStatement("SELECT id, s, n, j->>'v' FROM public.copied ORDER BY id");
          ResultSet rs = s.executeQuery()) {
        List<List<Object>> back = new ArrayList<>();
        while (rs.next()) {
          back.add(
              Arrays.asList(rs.getInt(1), rs.getString(2), rs.getBigDecimal(3), rs.getString(4)));
        }
        List<List<Object>> expected = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
          expected.add(Arrays.asList(i, texts.get(i), new BigDecimal("12.50"), texts.get(i)));
        }
        expected.add(Arrays.asList(texts.size(), null, null, null));
        assertThat(back).isEqualTo(expected);
      }
    }
  }
}
