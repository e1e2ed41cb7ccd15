package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.pipelines.config.StrataDefaults;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.BeforeClass;
import org.junit.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml agrees with {@link StrataDefaults}: service names, ports, database, topic and
 * environment variable names; images are pinned; depends_on waits on conditions; and no secret is
 * written into the file (they all come from .env through ${VAR}).
 */
public class DockerComposeContractTest {
  private static final List<String> SERVICES =
      List.of(
          "postgres",
          "kafka",
          "kafka-init",
          "mlflow",
          "flink-jobmanager",
          "flink-taskmanager",
          "strata-job",
          "strata-stream");

  /** A value that is only a reference to a variable, e.g. ${X} or ${X:?message}. */
  private static final Pattern VARIABLE_ONLY =
      Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(:?[?-][^}]*)?}");

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)");
  private static final Pattern URL_USERINFO = Pattern.compile("://[^:/@\\s]+:([^@\\s]+)@");
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY).*");

  private static Path root;
  private static JsonNode compose;
  private static JsonNode services;

  @BeforeClass
  public static void load() throws IOException {
    root = repositoryRoot();
    // SnakeYAML resolves the `<<: *strata-client` merge keys, which Jackson's YAML parser keeps
    // as fields.
    try (Reader file = Files.newBufferedReader(root.resolve("docker-compose.yml"))) {
      compose = new ObjectMapper().valueToTree(new Yaml().load(file));
    }
    services = compose.path("services");
  }

  private static Path repositoryRoot() {
    Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("docker-compose.yml above " + System.getProperty("user.dir")).isNotNull();
    return dir;
  }

  private static JsonNode service(String name) {
    JsonNode node = services.path(name);
    assertThat(node.isObject()).as("service " + name).isTrue();
    return node;
  }

  /** environment as a map, whether written as a map or as a list of KEY=VALUE. */
  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new HashMap<>();
    JsonNode node = service.path("environment");
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        String[] kv = item.asText().split("=", 2);
        env.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return env;
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (!node.isMissingNode() && !node.isNull()) {
      out.addAll(List.of(node.asText().trim().split("\\s+")));
    }
    return out;
  }

  /** --key=value arguments of a command. */
  private static Map<String, String> options(JsonNode service) {
    Map<String, String> options = new HashMap<>();
    for (String arg : strings(service.path("command"))) {
      if (arg.startsWith("--") && arg.contains("=")) {
        options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else if (arg.startsWith("--")) {
        options.put(arg.substring(2), "true"); // a flag
      }
    }
    return options;
  }

  private static List<String> ports(JsonNode service) {
    return strings(service.path("ports"));
  }

  @Test
  public void theStackHasEveryService() {
    Set<String> names = new TreeSet<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsAll(SERVICES);
  }

  @Test
  public void postgresServesTheStrataDatabaseAndMlflowsBackend() throws IOException {
    JsonNode postgres = service("postgres");
    Map<String, String> env = environment(postgres);
    assertThat(env).containsEntry("POSTGRES_DB", StrataDefaults.DATABASE);
    assertThat(env).containsEntry("POSTGRES_USER", StrataDefaults.DATABASE_USER);
    assertThat(env.get("POSTGRES_PASSWORD")).matches(variable(StrataDefaults.JDBC_PASSWORD_ENV));
    assertThat(ports(postgres))
        .contains(StrataDefaults.POSTGRES_PORT + ":" + StrataDefaults.POSTGRES_PORT);

    // The init scripts mounted into the container create MLflow's database.
    String initDir =
        strings(postgres.path("volumes")).stream()
            .filter(
                v ->
                    v.endsWith(":/docker-entrypoint-initdb.d:ro")
                        || v.endsWith(":/docker-entrypoint-initdb.d"))
            .map(v -> v.substring(0, v.indexOf(':')))
            .findFirst()
            .orElseThrow(() -> new AssertionError("postgres mounts no init scripts"));
    String scripts;
    try (Stream<Path> files = Files.list(root.resolve(initDir))) {
      scripts =
          files.sorted().map(DockerComposeContractTest::read).collect(Collectors.joining("\n"));
    }
    assertThat(scripts)
        .containsPattern("(?i)CREATE DATABASE " + StrataDefaults.MLFLOW_DATABASE + "\\b");
  }

  @Test
  public void kafkaListensOnTheDefaultPortAndTheTopicHasItsPartitions() {
    JsonNode kafka = service("kafka");
    Map<String, String> env = environment(kafka);
    assertThat(env.get("KAFKA_PROCESS_ROLES")).as("KRaft, no ZooKeeper").contains("controller");
    assertThat(env.get("KAFKA_ADVERTISED_LISTENERS"))
        .contains("kafka:" + StrataDefaults.KAFKA_PORT)
        .contains("localhost:" + StrataDefaults.KAFKA_PORT);
    assertThat(ports(kafka)).anyMatch(p -> p.startsWith(StrataDefaults.KAFKA_PORT + ":"));

    Map<String, String> init = environment(service("kafka-init"));
    assertThat(init).containsEntry("STRATA_PAYMENTS_TOPIC", StrataDefaults.PAYMENTS_TOPIC);
    assertThat(init)
        .containsEntry(
            "STRATA_PAYMENTS_PARTITIONS", String.valueOf(StrataDefaults.PAYMENTS_PARTITIONS));
    assertThat(String.join(" ", strings(service("kafka-init").path("command"))))
        .contains("--create")
        .contains("$$STRATA_PAYMENTS_TOPIC")
        .contains("$$STRATA_PAYMENTS_PARTITIONS");
  }

  @Test
  public void mlflowServesArtifactsFromItsPostgresDatabase() {
    JsonNode mlflow = service("mlflow");
    List<String> command = strings(mlflow.path("command"));
    assertThat(command).contains("--serve-artifacts", "--port=" + StrataDefaults.MLFLOW_PORT);
    assertThat(ports(mlflow))
        .contains(StrataDefaults.MLFLOW_PORT + ":" + StrataDefaults.MLFLOW_PORT);
    assertThat(environment(mlflow).get("MLFLOW_BACKEND_STORE_URI"))
        .startsWith("postgresql")
        .endsWith(
            "@postgres:" + StrataDefaults.POSTGRES_PORT + "/" + StrataDefaults.MLFLOW_DATABASE);
  }

  @Test
  public void flinkIsOneNineteenWithItsRestPortPublished() {
    for (String name : List.of("flink-jobmanager", "flink-taskmanager")) {
      assertThat(service(name).path("image").asText()).startsWith("flink:1.19.");
    }
    assertThat(ports(service("flink-jobmanager")))
        .contains(StrataDefaults.FLINK_REST_PORT + ":" + StrataDefaults.FLINK_REST_PORT);
  }

  @Test
  public void theBatchProfileRunsOnceAndTheStreamingProfileFollowsKafkaEveryFiveMinutes() {
    assertThat(strings(service("strata-job").path("profiles"))).containsExactly("batch");
    assertThat(service("strata-job").path("restart").asText()).isEqualTo("no");
    assertThat(options(service("strata-job"))).doesNotContainKey("streaming");
    JsonNode stream = service("strata-stream");
    assertThat(strings(stream.path("profiles"))).containsExactly("streaming");
    assertThat(stream.path("restart").asText()).isEqualTo("unless-stopped");
    Map<String, String> streaming = options(stream);
    assertThat(streaming).containsEntry("streaming", "true").containsEntry("windowSeconds", "300");
    streaming.remove("streaming");
    streaming.remove("windowSeconds");
    assertThat(streaming).as("the same run otherwise").isEqualTo(options(service("strata-job")));
  }

  @Test
  public void theJobsRunOnFlinkAgainstTheComposeServices() {
    for (String name : List.of("strata-job", "strata-stream")) {
      theJobRunsOnFlinkAgainstTheComposeServices(service(name));
    }
  }

  private static void theJobRunsOnFlinkAgainstTheComposeServices(JsonNode job) {
    Map<String, String> options = options(job);
    assertThat(strings(job.path("command"))).first().isEqualTo("run");
    assertThat(options)
        .containsEntry("runner", "FlinkRunner")
        .containsEntry("flinkMaster", "flink-jobmanager:" + StrataDefaults.FLINK_REST_PORT)
        .containsEntry(
            "jdbcUrl",
            "jdbc:postgresql://postgres:"
                + StrataDefaults.POSTGRES_PORT
                + "/"
                + StrataDefaults.DATABASE)
        .containsEntry("jdbcUser", StrataDefaults.DATABASE_USER)
        .containsEntry("kafkaBootstrapServers", "kafka:" + StrataDefaults.KAFKA_PORT)
        .containsEntry("mlflowTrackingUri", "http://mlflow:" + StrataDefaults.MLFLOW_PORT);
    assertThat(options.keySet())
        .as("the password is never an argument")
        .noneMatch(k -> k.toLowerCase().contains("password"));
    assertThat(environment(job).get(StrataDefaults.JDBC_PASSWORD_ENV))
        .matches(variable(StrataDefaults.JDBC_PASSWORD_ENV));
  }

  @Test
  public void everyImageIsPinnedToAVersionTag() {
    services
        .fields()
        .forEachRemaining(
            e -> {
              String image = e.getValue().path("image").asText("");
              assertThat(image).as(e.getKey() + " names an image").isNotEmpty();
              String afterRegistry = image.substring(image.lastIndexOf('/') + 1);
              assertThat(afterRegistry).as(e.getKey() + " image has a tag").contains(":");
              String tag = afterRegistry.substring(afterRegistry.indexOf(':') + 1);
              assertThat(tag)
                  .as(e.getKey() + " image tag")
                  .isNotEmpty()
                  .isNotEqualToIgnoringCase("latest")
                  .containsPattern("\\d");
            });
  }

  @Test
  public void dependenciesWaitOnConditionsThatTheirTargetsCanMeet() {
    services
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode dependsOn = e.getValue().path("depends_on");
              if (dependsOn.isMissingNode()) {
                return;
              }
              assertThat(dependsOn.isObject())
                  .as(e.getKey() + ": depends_on as a map with conditions")
                  .isTrue();
              dependsOn
                  .fields()
                  .forEachRemaining(
                      d -> {
                        String condition = d.getValue().path("condition").asText("");
                        assertThat(condition)
                            .as(e.getKey() + " -> " + d.getKey())
                            .isIn("service_healthy", "service_completed_successfully");
                        if (condition.equals("service_healthy")) {
                          assertThat(service(d.getKey()).has("healthcheck"))
                              .as(d.getKey() + " has a healthcheck")
                              .isTrue();
                        }
                      });
            });
  }

  @Test
  public void everyLongRunningServiceHasAHealthcheck() {
    services
        .fields()
        .forEachRemaining(
            e -> {
              boolean oneShot = e.getValue().path("restart").asText("").equals("no");
              if (!oneShot) {
                assertThat(e.getValue().has("healthcheck"))
                    .as(e.getKey() + " healthcheck")
                    .isTrue();
              }
            });
  }

  @Test
  public void volumesAreNamedAndDeclared() {
    Set<String> declared = new TreeSet<>();
    compose.path("volumes").fieldNames().forEachRemaining(declared::add);
    services
        .fields()
        .forEachRemaining(
            e -> {
              for (String volume : strings(e.getValue().path("volumes"))) {
                String source = volume.substring(0, volume.indexOf(':'));
                if (!source.startsWith(".") && !source.startsWith("/")) {
                  assertThat(declared).as(e.getKey() + " volume " + source).contains(source);
                }
              }
            });
    assertThat(declared).contains("postgres-data", "kafka-data", "mlflow-artifacts");
  }

  @Test
  public void noSecretIsWrittenIntoTheFile() throws IOException {
    Set<String> used = new TreeSet<>();
    services
        .fields()
        .forEachRemaining(
            e -> {
              environment(e.getValue())
                  .forEach(
                      (key, value) -> {
                        if (SECRET_NAME.matcher(key).matches()) {
                          assertThat(value).as(e.getKey() + " " + key).matches(VARIABLE_ONLY);
                        }
                        Matcher userinfo = URL_USERINFO.matcher(value);
                        while (userinfo.find()) {
                          assertThat(userinfo.group(1))
                              .as(e.getKey() + " " + key + " URL password")
                              .matches(VARIABLE_ONLY);
                        }
                      });
              for (String arg : strings(e.getValue().path("command"))) {
                assertThat(arg).as(e.getKey() + " argument").doesNotContainPattern("(?i)password=");
              }
            });
    // Every variable the file needs is documented in .env.example (the only env file committed).
    Matcher variables = VARIABLE.matcher(read(root.resolve("docker-compose.yml")));
    while (variables.find()) {
      used.add(variables.group(1));
    }
    assertThat(used).contains(StrataDefaults.JDBC_PASSWORD_ENV);
    Set<String> documented = new TreeSet<>();
    for (Iterator<String> it = read(root.resolve(".env.example")).lines().iterator();
        it.hasNext(); ) {
      String line = it.next().trim();
      if (!line.startsWith("#") && line.contains("=")) {
        documented.add(line.substring(0, line.indexOf('=')));
      }
    }
    assertThat(documented).containsAll(used);
  }

  private static String variable(String name) {
    return "\\$\\{" + Pattern.quote(name) + "(:?[?-][^}]*)?}";
  }

  private static String read(Path path) {
    try {
      return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + path, e);
    }
  }
}
