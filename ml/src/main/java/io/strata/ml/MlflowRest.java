package io.strata.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MLflow's REST API from the JVM: tracking, the model registry and the artifact proxy of a server
 * run with {@code --serve-artifacts}. Plain HTTP, so nothing forks Python (the Java client's
 * artifact calls do) and no client library joins the dependency tree.
 */
public final class MlflowRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int BATCH_METRICS = 1000;
  private static final int BATCH_PARAMS = 100;

  /** MLflow 2.17 caps a param value at 6000 characters. */
  private static final int PARAM_VALUE_MAX = 6000;

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public MlflowRest(String trackingUri) {
    this.base =
        trackingUri.endsWith("/")
            ? trackingUri.substring(0, trackingUri.length() - 1)
            : trackingUri;
  }

  public String trackingUri() {
    return base;
  }

  /** The experiment's id, created when missing. */
  public String experiment(String name) {
    Optional<JsonNode> found =
        getOptional("mlflow/experiments/get-by-name?experiment_name=" + enc(name));
    if (found.isPresent()) {
      return found.get().at("/experiment/experiment_id").asText();
    }
    return post("mlflow/experiments/create", Map.of("name", name)).get("experiment_id").asText();
  }

  /** Runs of an experiment whose tag {@code key} equals {@code value}. */
  public List<JsonNode> runsTagged(String experimentId, String key, String value) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("experiment_ids").add(experimentId);
    body.put("filter", "tags.`" + key + "` = '" + value.replace("'", "\\'") + "'");
    body.put("max_results", 1000);
    List<JsonNode> out = new ArrayList<>();
    post("mlflow/runs/search", body).path("runs").forEach(out::add);
    return out;
  }

  /** A new run; returns its info node (run_id, artifact_uri, ...). */
  public JsonNode createRun(String experimentId, String name, Map<String, String> tags) {
    ObjectNode body = JSON.createObjectNode();
    body.put("experiment_id", experimentId);
    body.put("run_name", name);
    body.put("start_time", System.currentTimeMillis());
    ArrayNode t = body.putArray("tags");
    tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
    return post("mlflow/runs/create", body).at("/run/info");
  }

  public JsonNode getRun(String runId) {
    return get("mlflow/runs/get?run_id=" + enc(runId)).get("run");
  }

  /** Params (values cut to MLflow's limit), in batches. */
  public void logParams(String runId, Map<String, String> params) {
    List<Map.Entry<String, String>> all = new ArrayList<>(params.entrySet());
    for (int i = 0; i < all.size(); i += BATCH_PARAMS) {
      ObjectNode body = JSON.createObjectNode().put("run_id", runId);
      ArrayNode p = body.putArray("params");
      for (Map.Entry<String, String> e : all.subList(i, Math.min(all.size(), i + BATCH_PARAMS))) {
        String v = e.getValue();
        p.addObject()
            .put("key", e.getKey())
            .put("value", v.length() > PARAM_VALUE_MAX ? v.substring(0, PARAM_VALUE_MAX) : v);
      }
      post("mlflow/runs/log-batch", body);
    }
  }

  /** Metrics at one step, in batches. */
  public void logMetrics(String runId, Map<String, Double> metrics, int step) {
    long now = System.currentTimeMillis();
    List<Map.Entry<String, Double>> all = new ArrayList<>(metrics.entrySet());
    for (int i = 0; i < all.size(); i += BATCH_METRICS) {
      ObjectNode body = JSON.createObjectNode().put("run_id", runId);
      ArrayNode m = body.putArray("metrics");
      for (Map.Entry<String, Double> e : all.subList(i, Math.min(all.size(), i + BATCH_METRICS))) {
        if (Double.isFinite(e.getValue())) {
          m.addObject()
              .put("key", e.getKey())
              .put("value", e.getValue())
              .put("timestamp", now)
              .put("step", step);
        }
      }
      post("mlflow/runs/log-batch", body);
    }
  }

  public void setTag(String runId, String key, String value) {
    post("mlflow/runs/set-tag", Map.of("run_id", runId, "key", key, "value", value));
  }

  public void finishRun(String runId) {
    post(
        "mlflow/runs/update",
        Map.of("run_id", runId, "status", "FINISHED", "end_time", System.currentTimeMillis()));
  }

  /** The step history of a metric. */
  public List<JsonNode> metricHistory(String runId, String key) {
    List<JsonNode> out = new ArrayList<>();
    get("mlflow/metrics/get-history?run_id=" + enc(runId) + "&metric_key=" + enc(key))
        .path("metrics")
        .forEach(out::add);
    return out;
  }

  /** Uploads an artifact of a run over the server's artifact proxy (PUT replaces). */
  public void uploadArtifact(String artifactUri, String path, byte[] content) {
    send(
        HttpRequest.newBuilder(artifactUrl(artifactUri, path))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
            .build(),
        "PUT artifact " + path);
  }

  public byte[] downloadArtifact(String artifactUri, String path) {
    return send(
        HttpRequest.newBuilder(artifactUrl(artifactUri, path)).timeout(TIMEOUT).GET().build(),
        "GET artifact " + path);
  }

  /** {@code mlflow-artifacts:/1/<run>/artifacts} to the proxy's URL of {@code path} under it. */
  private URI artifactUrl(String artifactUri, String path) {
    String prefix = "mlflow-artifacts:";
    if (!artifactUri.startsWith(prefix)) {
      throw new IllegalStateException(
          "artifact root "
              + artifactUri
              + " is not served by the tracking server: start it with --serve-artifacts");
    }
    String root = artifactUri.substring(prefix.length()).replaceFirst("^/+", "");
    return URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/" + root + "/" + path);
  }

  /** The registered model, created when missing. */
  public void registeredModel(String name, String description) {
    if (getOptional("mlflow/registered-models/get?name=" + enc(name)).isEmpty()) {
      post("mlflow/registered-models/create", Map.of("name", name, "description", description));
    }
  }

  /** The version of {@code name} created from {@code runId}, if any. */
  public Optional<String> versionOfRun(String name, String runId) {
    JsonNode found =
        get(
            "mlflow/model-versions/search?filter="
                + enc("name='" + name + "' and run_id='" + runId + "'"));
    for (JsonNode v : found.path("model_versions")) {
      return Optional.of(v.get("version").asText());
    }
    return Optional.empty();
  }

  public String createVersion(String name, String source, String runId, Map<String, String> tags) {
    ObjectNode body =
        JSON.createObjectNode().put("name", name).put("source", source).put("run_id", runId);
    ArrayNode t = body.putArray("tags");
    tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
    return post("mlflow/model-versions/create", body).at("/model_version/version").asText();
  }

  public void setAlias(String name, String alias, String version) {
    post(
        "mlflow/registered-models/alias", Map.of("name", name, "alias", alias, "version", version));
  }

  /** The version an alias points at, if set. */
  public Optional<JsonNode> versionByAlias(String name, String alias) {
    String path = "mlflow/registered-models/alias?name=" + enc(name) + "&alias=" + enc(alias);
    HttpResponse<byte[]> r =
        exchange(
            HttpRequest.newBuilder(URI.create(base + "/api/2.0/" + path))
                .timeout(TIMEOUT)
                .GET()
                .build(),
            "GET " + path);
    // MLflow 2.17 answers an unset alias with 400 INVALID_PARAMETER_VALUE "... alias ... not
    // found".
    if (r.statusCode() == 404
        || (r.statusCode() == 400
            && new String(r.body(), StandardCharsets.UTF_8).contains("not found"))) {
      return Optional.empty();
    }
    return Optional.of(parse(r, "GET " + path).get("model_version"));
  }

  private JsonNode get(String path) {
    return getOptional(path)
        .orElseThrow(() -> new IllegalStateException("MLflow GET " + path + ": not found"));
  }

  private Optional<JsonNode> getOptional(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/2.0/" + path))
            .timeout(TIMEOUT)
            .GET()
            .build();
    HttpResponse<byte[]> r = exchange(request, "GET " + path);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(parse(r, "GET " + path));
  }

  private JsonNode post(String path, Object body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base + "/api/2.0/" + path))
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
              .build();
      return parse(exchange(request, "POST " + path), "POST " + path);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private byte[] send(HttpRequest request, String what) {
    HttpResponse<byte[]> r = exchange(request, what);
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "MLflow "
              + what
              + " answered "
              + r.statusCode()
              + ": "
              + new String(r.body(), StandardCharsets.UTF_8));
    }
    return r.body();
  }

  private HttpResponse<byte[]> exchange(HttpRequest request, String what) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(
          "MLflow " + what + " at " + base + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during MLflow " + what, e);
    }
  }

  private static JsonNode parse(HttpResponse<byte[]> r, String what) {
    String body = new String(r.body(), StandardCharsets.UTF_8);
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "MLflow " + what + " answered " + r.statusCode() + ": " + body);
    }
    try {
      return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("MLflow " + what + " answered non-JSON: " + body, e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
