package io.strata.embedded;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/** The pinned MLflow server on the warehouse's PostgreSQL, driven over HTTP as the JVM will. */
public class EmbeddedMlflowServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  // Ten minutes covers a cold install of the environment into the user cache.
  @Rule public final Timeout timeout = Timeout.seconds(600);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String api;

  @Test
  public void tracksStepMetricsInPostgresAndServesArtifactsOverHttp() throws Exception {
    Path dir = Path.of("target", "it-mlflow-" + System.nanoTime()).toAbsolutePath();
    MlflowEnvironment env = MlflowEnvironment.ensureInstalled();
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"))) {
      pg.ensureDatabase("mlflow");
      List<ProcessHandle> tree;
      int port;
      String runId;
      try (EmbeddedMlflowServer mlflow =
          EmbeddedMlflowServer.start(env, pg.psqlUrl("mlflow"), dir.resolve("artifacts"))) {
        port = mlflow.port();
        api = mlflow.trackingUri() + "/api/2.0/";
        tree = ProcessTrees.withDescendants(Stream.of(mlflow.processHandle()));
        assertTrue("mlflow, gunicorn master and worker: " + tree, tree.size() >= 3);

        String experimentId =
            post("mlflow/experiments/create", Map.of("name", "it")).get("experiment_id").asText();
        long now = System.currentTimeMillis();
        runId =
            post("mlflow/runs/create", Map.of("experiment_id", experimentId, "start_time", now))
                .at("/run/info/run_id")
                .asText();
        for (int step = 0; step < 3; step++) {
          post(
              "mlflow/runs/log-metric",
              Map.of(
                  "run_id",
                  runId,
                  "key",
                  "auc",
                  "value",
                  0.5 + step / 10.0,
                  "timestamp",
                  now,
                  "step",
                  step));
        }
        JsonNode history = get("mlflow/metrics/get-history?run_id=" + runId + "&metric_key=auc");
        assertEquals(3, history.get("metrics").size());
        JsonNode last = history.get("metrics").get(2);
        assertEquals(2, last.get("step").asInt());
        assertEquals(0.7, last.get("value").asDouble(), 1e-12);

        byte[] model = new byte[50_000];
        new Random(7).nextBytes(model);
        String artifact =
            api
                + "mlflow-artifacts/artifacts/"
                + experimentId
                + "/"
                + runId
                + "/artifacts/model.bin";
        HttpResponse<String> put =
            http.send(
                HttpRequest.newBuilder(URI.create(artifact))
                    .timeout(Duration.ofSeconds(30))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(model))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(put.body(), 200, put.statusCode());
        HttpResponse<byte[]> back =
            http.send(
                HttpRequest.newBuilder(URI.create(artifact))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, back.statusCode());
        assertArrayEquals(model, back.body());
      }

      for (ProcessHandle p : tree) {
        assertFalse("still running: " + p.pid() + " " + p.info().commandLine(), p.isAlive());
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        fail("something still listens on " + port);
      } catch (ConnectException expected) {
        // The server is gone.
      }
      // The runs live in the warehouse's PostgreSQL, not in a file store of the server's.
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl("mlflow"), "postgres", "");
          PreparedStatement q =
              c.prepareStatement(
                  "SELECT count(*) FROM metrics WHERE run_uuid = ? AND key = 'auc'")) {
        q.setString(1, runId);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          assertEquals(3, rs.getInt(1));
        }
      }
    }
  }

  @Test
  public void reportsAFailedStartWithTheLogButWithoutThePassword() {
    Path dir = Path.of("target", "it-mlflow-" + System.nanoTime()).toAbsolutePath();
    // MLflow rejects the scheme at once and prints the whole URI, password included, to its log.
    String backend = "nosuch://strata:hunter2@127.0.0.1:1/mlflow";
    try (EmbeddedMlflowServer mlflow =
        EmbeddedMlflowServer.start(
            MlflowEnvironment.ensureInstalled(), backend, dir.resolve("artifacts"))) {
      fail("started on " + mlflow.trackingUri());
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("exited with code"));
      assertTrue(e.getMessage(), e.getMessage().contains("nosuch://strata:***@127.0.0.1:1/"));
      assertFalse(e.getMessage(), e.getMessage().contains("hunter2"));
    }
  }

  private JsonNode post(String path, Map<String, Object> body)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(api + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(api + path)));
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(response.body(), 200, response.statusCode());
    return JSON.readTree(response.body());
  }
}
