package io.strata.pipelines;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class ServicesTest {
  @Test
  public void mlflowBackendStoreIsTheDatabaseMlflowOnTheWarehouseServer() {
    assertEquals(
        "postgresql://strata:p%40ss%3Aword@db.example:5433/mlflow?sslmode=require",
        Services.backendStoreUri(
            "jdbc:postgresql://db.example:5433/strata?ApplicationName=x&sslmode=require",
            "strata",
            "p@ss:word",
            "mlflow"));
    assertEquals(
        "postgresql://postgres@127.0.0.1/mlflow",
        Services.backendStoreUri("jdbc:postgresql://127.0.0.1/strata", "postgres", "", "mlflow"));
  }

  @Test
  public void theBackendStoreVerifiesTheServerAgainstTheWarehousesRootCertificate() {
    assertEquals(
        "postgresql://strata@db.example/mlflow?sslmode=verify-full&sslrootcert=/etc/strata/root.crt",
        Services.backendStoreUri(
            "jdbc:postgresql://db.example/strata?sslmode=verify-full&sslkey=/k.pk8"
                + "&sslrootcert=/etc/strata/root.crt",
            "strata",
            "",
            "mlflow"));
  }
}
