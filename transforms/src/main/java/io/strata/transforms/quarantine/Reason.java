package io.strata.transforms.quarantine;

import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Why a record was rejected: a code {@code <column>.<rule>} or {@code row.<rule>}, and a message.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class Reason implements Serializable {
  public final String code;
  public final @Nullable String column;
  public final String message;

  @SchemaCreate
  public Reason(String code, @Nullable String column, String message) {
    this.code = code;
    this.column = column;
    this.message = message;
  }

  public static Reason of(String column, String rule, String message) {
    return new Reason(column + "." + rule, column, message);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Reason r
        && code.equals(r.code)
        && Objects.equals(column, r.column)
        && message.equals(r.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, column, message);
  }

  @Override
  public String toString() {
    return code + ": " + message;
  }
}
