package io.strata.transforms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.Test;

public class LostConnectionTest {
  @Test
  public void aBrokenConnectionNamesWhatWasBeingWrittenAndKeepsItsState() {
    SQLException io =
        new SQLException("An I/O error occurred while sending to the backend.", "08006");
    SQLException named = LostConnection.naming(io, "silver.orders");
    assertThat((Throwable) named)
        .hasMessage(
            "lost the connection to PostgreSQL while writing silver.orders:"
                + " An I/O error occurred while sending to the backend.")
        .hasCause(io);
    assertThat(named.getSQLState()).isEqualTo("08006");
    // pgjdbc wraps a COPY stream's failure: the state is found down the chain.
    SQLException wrapped =
        new SQLException("COPY into bronze.x failed", null, new IOException("eof", io));
    assertThat((Throwable) LostConnection.naming(wrapped, "bronze.x")).isNotSameAs(wrapped);
  }

  @Test
  public void anyOtherFailureIsLeftAsItIs() {
    SQLException data = new SQLException("invalid input syntax for type json", "22P02");
    assertThat((Throwable) LostConnection.naming(data, "bronze.x")).isSameAs(data);
    SQLException none = new SQLException("no state");
    assertThat((Throwable) LostConnection.naming(none, "bronze.x")).isSameAs(none);
  }
}
