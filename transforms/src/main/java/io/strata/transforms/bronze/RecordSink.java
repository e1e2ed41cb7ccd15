package io.strata.transforms.bronze;

import java.sql.SQLException;

/** Where a reader puts each record it reads; it may write to the warehouse. */
@FunctionalInterface
public interface RecordSink {
  void accept(BronzeRecord record) throws SQLException;
}
