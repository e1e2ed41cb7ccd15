package io.strata.pipelines.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

public class FlinkSetupTest {
  private static final Path WORK = Path.of("target", "flink-setup-test");

  @Test
  public void leavesTheDirectRunnersOptionsAlone() {
    PipelineOptions o = PipelineOptionsFactory.fromArgs("--flinkMaster=localhost:8081").create();
    FlinkSetup.prepare(o, WORK);
    assertThat(o.as(FlinkPipelineOptions.class).getFilesToStage()).isNull();
  }

  @Test
  public void miniClusterNeedsNoJarAndTheTestClassPathNoConfiguration() {
    FlinkPipelineOptions o = flink("--flinkMaster=[local]");
    FlinkSetup.prepare(o, WORK);
    assertThat(o.getFilesToStage()).isNull();
    // Surefire puts Flink on the system class path, so no class-path configuration is written.
    assertThat(o.getFlinkConfDir()).isNull();
  }

  @Test
  public void clusterWithoutTheJobJarSaysHowToBuildIt() {
    if (Files.exists(Path.of("..", "..", FlinkSetup.JOB_JAR))) {
      FlinkPipelineOptions o = flink("--flinkMaster=localhost:8081");
      FlinkSetup.prepare(o, WORK);
      assertThat(o.getFilesToStage()).singleElement().asString().endsWith("strata-flink-job.jar");
    } else {
      assertThatThrownBy(() -> FlinkSetup.prepare(flink("--flinkMaster=localhost:8081"), WORK))
          .hasMessageContaining(FlinkSetup.JOB_JAR)
          .hasMessageContaining("--filesToStage");
    }
  }

  @Test
  public void givenFilesToStageAreKept() {
    FlinkPipelineOptions o = flink("--flinkMaster=localhost:8081", "--filesToStage=/tmp/job.jar");
    FlinkSetup.prepare(o, WORK);
    assertThat(o.getFilesToStage()).containsExactly("/tmp/job.jar");
  }

  private static FlinkPipelineOptions flink(String... args) {
    FlinkPipelineOptions o = PipelineOptionsFactory.fromArgs(args).as(FlinkPipelineOptions.class);
    o.setRunner(org.apache.beam.runners.flink.FlinkRunner.class);
    return o;
  }
}
