package io.strata.embedded;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class RedactionTest {
  @Test
  public void hidesTheUserinfoPasswordAndKeepsTheRest() {
    assertEquals(
        "postgresql://strata:***@db:5432/mlflow",
        Redaction.redactPasswords("postgresql://strata:s3cret@db:5432/mlflow"));
    assertEquals(
        "backend postgresql://u:***@h/db, ui http://127.0.0.1:5000",
        Redaction.redactPasswords(
            "backend postgresql://u:p@ss:w/rd@h/db, ui http://127.0.0.1:5000"));
  }

  @Test
  public void leavesUrisWithoutPasswordsAlone() {
    String uri = "postgresql://postgres@127.0.0.1:5432/mlflow";
    assertEquals(uri, Redaction.redactPasswords(uri));
    String health = "http://127.0.0.1:5000/health";
    assertEquals(health, Redaction.redactPasswords(health));
  }
}
