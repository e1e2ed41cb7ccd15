package io.strata.transforms.bronze;

/** Reason codes for a record that cannot be read at all. */
public final class RecordCodes {
  public static final String PARSE_ERROR = "row.parse_error";
  public static final String COLUMN_COUNT = "row.column_count";
  public static final String ENCODING = "row.encoding";

  private RecordCodes() {}
}
