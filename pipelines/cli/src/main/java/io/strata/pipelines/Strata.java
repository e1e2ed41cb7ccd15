package io.strata.pipelines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The command line: a {@link Command} ({@code run}, the default, {@code generate}, {@code stack},
 * {@code produce}, {@code bench}), followed by Beam-style {@code --option=value} arguments ({@code
 * --help} lists them).
 */
public final class Strata {
  /**
   * Tribuo logs every training call through java.util.logging at INFO; kept here so the level
   * sticks.
   */
  private static final Logger TRIBUO = Logger.getLogger("org.tribuo");

  private Strata() {}

  /** Every command on the class path, by name. */
  static Map<String, Command<?>> commands() {
    Map<String, Command<?>> byName = new TreeMap<>();
    for (Command<?> c : ServiceLoader.load(Command.class, Strata.class.getClassLoader())) {
      if (byName.put(c.name(), c) != null) {
        throw new IllegalStateException("two commands are named " + c.name());
      }
    }
    return byName;
  }

  public static void main(String[] args) throws IOException {
    // Embedded services and Beam unpack under java.io.tmpdir, which the build points inside
    // target/.
    Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    TRIBUO.setLevel(Level.WARNING);
    Map<String, Command<?>> commands = commands();
    // Registered so that --help lists every command's options with their descriptions and defaults.
    commands.values().forEach(c -> PipelineOptionsFactory.register(c.optionsType()));
    boolean named = args.length > 0 && !args[0].startsWith("--");
    String name = named ? args[0] : "run";
    String[] rest = named ? Arrays.copyOfRange(args, 1, args.length) : args;
    Command<?> command = commands.get(name);
    int exit;
    if (command == null) {
      System.err.println(
          "unknown command '" + name + "': use " + String.join(", ", commands.keySet()));
      exit = 2;
    } else {
      try {
        exit = run(command, rest);
      } catch (IllegalArgumentException e) {
        System.err.println("strata " + name + ": " + e.getMessage());
        exit = 2;
      }
    }
    System.exit(exit);
  }

  private static <O extends PipelineOptions> int run(Command<O> command, String[] args) {
    O options =
        PipelineOptionsFactory.fromArgs(command.withDefaults(args))
            .withValidation()
            .as(command.optionsType());
    return command.run(options);
  }
}
