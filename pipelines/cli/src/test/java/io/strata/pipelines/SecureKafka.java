package io.strata.pipelines;

import io.strata.embedded.EmbeddedKafkaBroker;
import io.strata.pipelines.config.StrataDefaults;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The embedded broker with a SASL_SSL listener as a managed Kafka offers one: one SCRAM-SHA-256
 * user, a certificate from a CA made for the test, and the payments topic. Close it when done.
 */
record SecureKafka(EmbeddedKafkaBroker broker, TestCertificates certificates, String user)
    implements AutoCloseable {
  static SecureKafka start(Path dir, String user, String password) throws Exception {
    TestCertificates certificates = TestCertificates.generate(dir.resolve("certs"), "localhost");
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(
            dir.resolve("kafka-" + System.nanoTime()),
            new EmbeddedKafkaBroker.SaslSslListener(
                certificates.serverKeyAndCertificate(), Map.of(user, password)));
    broker.createTopic(StrataDefaults.PAYMENTS_TOPIC, StrataDefaults.PAYMENTS_PARTITIONS);
    return new SecureKafka(broker, certificates, user);
  }

  /** The options a run reads this broker with (the password is not one of them). */
  List<String> runOptions() {
    return List.of(
        "--kafkaBootstrapServers=" + broker.secureBootstrapServers(),
        "--kafkaSecurityProtocol=SASL_SSL",
        "--kafkaSaslMechanism=SCRAM-SHA-256",
        "--kafkaUser=" + user,
        "--kafkaTruststore=" + certificates.rootCertificate());
  }

  @Override
  public void close() {
    broker.close();
  }
}
