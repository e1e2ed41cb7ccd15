package io.strata.embedded;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Test;

public class MlflowRequirementsTest {
  private final List<String> pins =
      new String(MlflowEnvironment.requirements(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .collect(Collectors.toList());

  @Test
  public void pinsEveryPackageToOneVersion() {
    for (String pin : pins) {
      assertTrue("not an exact pin: " + pin, pin.matches("[A-Za-z0-9._-]+==[A-Za-z0-9.+!-]+"));
    }
  }

  /** The server must speak the REST dialect of the Java client the root pom pins. */
  @Test
  public void pinsTheServerAtTheJavaClientsVersion() {
    Map<String, String> versions =
        pins.stream().collect(Collectors.toMap(p -> p.split("==")[0], p -> p.split("==")[1]));
    String client = System.getProperty("strata.mlflow.version");
    assertNotNull("set by the module's surefire configuration from ${mlflow.version}", client);
    assertEquals(client, versions.get("mlflow"));
    assertEquals(client, versions.get("mlflow-skinny"));
    assertTrue(versions.containsKey("psycopg2-binary"));
  }
}
