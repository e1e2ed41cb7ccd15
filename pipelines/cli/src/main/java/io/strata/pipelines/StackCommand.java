package io.strata.pipelines;

import io.strata.pipelines.config.RunConfig;
import io.strata.pipelines.config.StrataDefaults;
import io.strata.pipelines.config.StrataOptions;
import io.strata.transforms.jdbc.Migrations;
import java.util.concurrent.CountDownLatch;

/** {@code stack}: starts the embedded services, prints how to reach them, and waits for Ctrl-C. */
public final class StackCommand implements Command<StrataOptions> {
  @Override
  public String name() {
    return "stack";
  }

  @Override
  public Class<StrataOptions> optionsType() {
    return StrataOptions.class;
  }

  @Override
  public int run(StrataOptions o) {
    RunConfig config = RunConfig.from(o);
    Services services = Services.start(config.warehouse(), config.workDir());
    Migrations.apply(services.warehouse());
    String kafka =
        services.kafkaForStack(
            config.kafka().cluster() == null ? null : config.kafka().cluster().bootstrapServers());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  services.close();
                  stopped.countDown();
                }));
    System.out.println(
        "PostgreSQL: " + services.psqlHint() + "   (JDBC " + services.warehouse().jdbcUrl() + ")");
    System.out.println(
        "Kafka: "
            + kafka
            + "   (topic "
            + StrataDefaults.PAYMENTS_TOPIC
            + "; fill it with: produce --kafkaBootstrapServers="
            + kafka
            + " --inputDir=<folder with payments/>)");
    System.out.println("MLflow UI: " + services.mlflowTrackingUri(config.mlflowTrackingUri()));
    System.out.println("Ctrl-C stops the stack.");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
