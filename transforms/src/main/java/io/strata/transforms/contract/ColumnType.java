package io.strata.transforms.contract;

/** The types a contract column can have, with the PostgreSQL type each is stored as. */
public enum ColumnType {
  STRING("text"),
  INTEGER("bigint"),
  DECIMAL("numeric"),
  DATE("date"),
  TIMESTAMP("timestamptz"),
  BOOLEAN("boolean");

  private final String sqlType;

  ColumnType(String sqlType) {
    this.sqlType = sqlType;
  }

  public String sqlType() {
    return sqlType;
  }

  static ColumnType of(String name) {
    return name == null ? STRING : valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }
}
