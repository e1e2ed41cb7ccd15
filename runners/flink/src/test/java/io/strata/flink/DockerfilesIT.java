package io.strata.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Every file the Dockerfiles take from the repository exists once {@code mvn package} has run (this
 * test runs after it): a {@code COPY} from the build context, and a {@code cp} in a build stage
 * that works in a copy of the repository. No Docker engine is needed to catch an image that names a
 * jar no module builds.
 */
public class DockerfilesIT {
  private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
  private static final Path DOCKER = ROOT.resolve("runners/docker");

  @Test
  public void everyFileTheDockerfilesCopyExistsAfterPackage() throws IOException {
    List<Path> dockerfiles;
    try (Stream<Path> files = Files.list(DOCKER)) {
      dockerfiles = files.filter(f -> f.getFileName().toString().endsWith("Dockerfile")).toList();
    }
    assertThat(dockerfiles).isNotEmpty();
    List<String> checked = new ArrayList<>();
    for (Path dockerfile : dockerfiles) {
      for (String instruction : instructions(dockerfile)) {
        for (String source : sources(instruction)) {
          checked.add(source);
          assertThat(matches(source))
              .as("%s: %s names %s", ROOT.relativize(dockerfile), firstWord(instruction), source)
              .isTrue();
        }
      }
    }
    assertThat(checked).contains("runners/flink/target/strata.jar");
  }

  @Test
  public void aMissingFileIsCaught() {
    assertThat(
            sources("RUN mvn package && cp pipelines/target/strata-pipelines-*-shaded.jar /x.jar"))
        .containsExactly("pipelines/target/strata-pipelines-*-shaded.jar");
    assertThat(matches("pipelines/target/strata-pipelines-*-shaded.jar")).isFalse();
    assertThat(sources("COPY --from=build /dist/ /opt/strata/")).isEmpty();
    assertThat(sources("COPY runners/docker/postgres-init /docker-entrypoint-initdb.d/"))
        .containsExactly("runners/docker/postgres-init");
  }

  /** The file's instructions, continuation lines joined, comments left out. */
  private static List<String> instructions(Path dockerfile) throws IOException {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(dockerfile)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        continue;
      }
      boolean continues = trimmed.endsWith("\\");
      current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
      if (!continues) {
        out.add(current.toString().strip());
        current.setLength(0);
      }
    }
    return out;
  }

  /**
   * The repository paths an instruction reads: a COPY's sources unless it copies from another stage
   * ({@code COPY . .} excepted), and the sources of each {@code cp} in a RUN.
   */
  static List<String> sources(String instruction) {
    List<String> words = Arrays.asList(instruction.split("\\s+"));
    List<String> out = new ArrayList<>();
    if (firstWord(instruction).equals("COPY")) {
      if (words.stream().anyMatch(w -> w.startsWith("--from="))) {
        return out;
      }
      List<String> args = words.stream().skip(1).filter(w -> !w.startsWith("--")).toList();
      args.subList(0, args.size() - 1).stream().filter(a -> !a.equals(".")).forEach(out::add);
      return out;
    }
    if (firstWord(instruction).equals("RUN")) {
      for (String command : instruction.split("&&|;|\\|\\|")) {
        List<String> args =
            Arrays.stream(command.strip().split("\\s+")).filter(w -> !w.startsWith("-")).toList();
        if (!args.isEmpty() && args.get(0).equals("cp") && args.size() > 2) {
          args.subList(1, args.size() - 1).stream()
              .filter(a -> !a.startsWith("/"))
              .forEach(out::add);
        }
      }
    }
    return out;
  }

  private static boolean matches(String source) {
    if (!source.contains("*")) {
      return Files.exists(ROOT.resolve(source));
    }
    Path folder = ROOT.resolve(source).getParent();
    PathMatcher glob =
        FileSystems.getDefault().getPathMatcher("glob:" + Path.of(source).getFileName());
    try (Stream<Path> files = Files.list(folder)) {
      return files.anyMatch(f -> glob.matches(f.getFileName()));
    } catch (IOException e) {
      return false; // no such folder
    }
  }

  private static String firstWord(String instruction) {
    return instruction.split("\\s+", 2)[0].toUpperCase();
  }
}
