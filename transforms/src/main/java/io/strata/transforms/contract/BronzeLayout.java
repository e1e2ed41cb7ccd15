package io.strata.transforms.contract;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns of {@code bronze.<table>}: lineage, then one text column per field the contract
 * reads, named as the contract names it. A scalar field holds the value as read (a JSON number or
 * boolean as its literal); a nested object or array a contract unnests or keeps as a child table
 * holds its JSON text, in a column named after the unnested value column or the child table.
 */
public final class BronzeLayout implements Serializable {
  /** Lineage and bookkeeping columns of every bronze table: no contract field may take these. */
  public static final List<String> LINEAGE =
      List.of(
          "bronze_id",
          "source",
          "position",
          "run_id",
          "ingested_at",
          "payload",
          "reject_code",
          "reject_message");

  /** One field: its bronze column, its dotted path in the record, and whether it holds JSON. */
  public record Field(String column, String path, boolean container) implements Serializable {}

  private final String table;
  private final List<Field> fields;

  private BronzeLayout(String table, List<Field> fields) {
    this.table = table;
    this.fields = List.copyOf(fields);
  }

  public static BronzeLayout of(TableContract contract) {
    UnnestSpec unnest = contract.unnest();
    List<Field> fields = new ArrayList<>();
    for (ColumnSpec column : contract.columns()) {
      boolean fromUnnest =
          unnest != null
              && (column.name().equals(unnest.keyColumn())
                  || column.name().equals(unnest.valueColumn()));
      if (!fromUnnest) {
        fields.add(new Field(column.name(), column.pathOrName(), false));
      }
    }
    if (unnest != null) {
      fields.add(new Field(unnest.valueColumn(), unnest.path(), true));
    }
    for (ChildSpec child : contract.childrenOrEmpty()) {
      fields.add(new Field(child.table(), child.path(), true));
    }
    Set<String> names = new HashSet<>(LINEAGE);
    for (Field f : fields) {
      if (!names.add(f.column())) {
        throw new ContractException(
            contract.table()
                + ": '"
                + f.column()
                + "' is taken in bronze."
                + contract.table()
                + " (by bronze's lineage "
                + LINEAGE
                + " or another field); rename the column or child table");
      }
    }
    return new BronzeLayout(contract.table(), fields);
  }

  public String table() {
    return table;
  }

  public List<Field> fields() {
    return fields;
  }

  /** The fields' column names, in order. */
  public List<String> columns() {
    return fields.stream().map(Field::column).toList();
  }
}
