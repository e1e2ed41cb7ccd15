package io.strata.transforms.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.Test;

public class KafkaClusterTest {
  @Test
  public void plaintextClientsGetTheServersAndNothingElseToAuthenticate() {
    assertThat(KafkaCluster.plaintext("k:9092").clientProperties())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("bootstrap.servers", "k:9092", "security.protocol", "PLAINTEXT"));
  }

  @Test
  public void saslClientsReadThePasswordFromTheEnvironmentWhereTheyRunNeverFromHere() {
    Map<String, Object> p =
        new KafkaCluster(
                "s.example:9092", "SASL_SSL", "PLAIN", "tenancy/u@x.com/ocid1.pool", null, null)
            .clientProperties();
    assertThat(p)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("config.providers", "strata")
        .containsEntry(
            "config.providers.strata.class",
            "org.apache.kafka.common.config.provider.EnvVarConfigProvider")
        .doesNotContainKey("ssl.truststore.location");
    assertThat(p.get("sasl.jaas.config"))
        .isEqualTo(
            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"tenancy/u@x.com/ocid1.pool\" password=\"${strata:STRATA_KAFKA_PASSWORD}\";");
  }

  @Test
  public void aPasswordFileAndATrustStoreAreReferencedByPath() {
    Map<String, Object> p =
        new KafkaCluster(
                "k:9093", "SASL_SSL", "SCRAM-SHA-512", "a\"b", "/etc/ca.pem", "/run/secrets/kafka")
            .clientProperties();
    assertThat(p)
        .containsEntry("ssl.truststore.location", "/etc/ca.pem")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry(
            "config.providers.strata.class",
            "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
    assertThat((String) p.get("sasl.jaas.config"))
        .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required")
        .contains("username=\"a\\\"b\"", "password=\"${strata:/run/secrets:kafka}\"");
    assertThat(
            new KafkaCluster("k:9093", "SSL", null, null, "/etc/trust.p12", null)
                .clientProperties())
        .containsEntry("ssl.truststore.type", "PKCS12")
        .doesNotContainKey("sasl.jaas.config");
  }

  @Test
  public void anUnknownProtocolOrASaslClusterWithoutUserIsRefused() {
    assertThatThrownBy(() -> new KafkaCluster("k:1", "TLS", null, null, null, null))
        .hasMessageContaining("PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
    assertThatThrownBy(() -> new KafkaCluster("k:1", "SASL_SSL", "GSSAPI", "u", null, null))
        .hasMessageContaining("SCRAM-SHA-256");
    assertThatThrownBy(() -> new KafkaCluster("k:1", "SASL_SSL", "PLAIN", " ", null, null))
        .hasMessageContaining("needs a Kafka user name");
  }
}
