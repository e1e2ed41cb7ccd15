package io.strata.transforms.source;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A Kafka cluster as every client Strata runs reaches it (the bounded read, the streaming read,
 * {@code produce}, topic creation, offset commits): its bootstrap servers and its security.
 *
 * <p>The SASL password is never held here. Each client reads it where it runs, through Kafka's
 * config providers: from the environment variable {@value #PASSWORD_ENV}, or from a file's whole
 * content ({@code passwordFile}, e.g. a mounted Kubernetes Secret). So no option, serialised step,
 * display data or log line ever carries it; a worker on another machine needs the same variable or
 * file.
 */
public record KafkaCluster(
    String bootstrapServers,
    String securityProtocol,
    @Nullable String saslMechanism,
    @Nullable String user,
    @Nullable String truststore,
    @Nullable String passwordFile)
    implements Serializable {
  public static final String PASSWORD_ENV = "STRATA_KAFKA_PASSWORD";
  public static final List<String> PROTOCOLS =
      List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
  public static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
  private static final String PROVIDER = "strata";

  public KafkaCluster {
    if (!PROTOCOLS.contains(securityProtocol)) {
      throw new IllegalArgumentException(
          "Kafka security protocol must be one of " + PROTOCOLS + ", was " + securityProtocol);
    }
    if (securityProtocol.startsWith("SASL_")) {
      if (!MECHANISMS.contains(saslMechanism)) {
        throw new IllegalArgumentException(
            "Kafka SASL mechanism must be one of " + MECHANISMS + ", was " + saslMechanism);
      }
      if (user == null || user.isBlank()) {
        throw new IllegalArgumentException(securityProtocol + " needs a Kafka user name");
      }
    }
  }

  /** A cluster without security, as the embedded broker and a local one listen. */
  public static KafkaCluster plaintext(String bootstrapServers) {
    return new KafkaCluster(bootstrapServers, "PLAINTEXT", null, null, null, null);
  }

  public boolean usesSasl() {
    return securityProtocol.startsWith("SASL_");
  }

  /** The properties every Kafka client of this cluster is created with. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
    if (truststore != null && securityProtocol.endsWith("SSL")) {
      p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore);
      p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, truststoreType(truststore));
    }
    if (usesSasl()) {
      p.put(SaslConfigs.SASL_MECHANISM, saslMechanism);
      String password;
      if (passwordFile == null) {
        p.put("config.providers." + PROVIDER + ".class", EnvVarConfigProvider.class.getName());
        password = "${" + PROVIDER + ":" + PASSWORD_ENV + "}";
      } else {
        Path file = Path.of(passwordFile).toAbsolutePath();
        p.put("config.providers." + PROVIDER + ".class", DirectoryConfigProvider.class.getName());
        password = "${" + PROVIDER + ":" + file.getParent() + ":" + file.getFileName() + "}";
      }
      p.put("config.providers", PROVIDER);
      p.put(
          SaslConfigs.SASL_JAAS_CONFIG,
          loginModule()
              + " required username=\""
              + jaasQuoted(user)
              + "\" password=\""
              + password
              + "\";");
    }
    return p;
  }

  /**
   * An admin client of this cluster whose calls give up after {@code timeout}; close it when done.
   */
  public Admin admin(Duration timeout) {
    Map<String, Object> p = clientProperties();
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() / 2);
    return Admin.create(p);
  }

  private String loginModule() {
    return saslMechanism.equals("PLAIN")
        ? "org.apache.kafka.common.security.plain.PlainLoginModule"
        : "org.apache.kafka.common.security.scram.ScramLoginModule";
  }

  /** PEM unless the name says a key store. */
  private static String truststoreType(String file) {
    String name = file.toLowerCase(Locale.ROOT);
    if (name.endsWith(".jks")) {
      return "JKS";
    }
    return name.endsWith(".p12") || name.endsWith(".pfx") ? "PKCS12" : "PEM";
  }

  private static String jaasQuoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** The servers and the protocol: nothing secret is held to show. */
  @Override
  public String toString() {
    return bootstrapServers
        + (securityProtocol.equals("PLAINTEXT") ? "" : " (" + securityProtocol + ")");
  }
}
