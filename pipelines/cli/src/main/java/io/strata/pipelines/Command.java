package io.strata.pipelines;

import org.apache.beam.sdk.options.PipelineOptions;

/**
 * One subcommand of {@code strata}: its name, the options it takes and what it does. Commands are
 * found with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/io.strata.pipelines.Command}), so a module that depends on this one (the
 * benchmark) adds its own without this one knowing it.
 *
 * @param <O> the options interface parsed from the command's arguments
 */
public interface Command<O extends PipelineOptions> {
  /** What follows {@code strata} on the command line, e.g. {@code run}. */
  String name();

  /** The options interface; {@code --help=<its name>} lists its options. */
  Class<O> optionsType();

  /** The arguments with this command's defaults added where they are absent; none by default. */
  default String[] withDefaults(String[] args) {
    return args;
  }

  /** Runs the command; returns the process exit code. */
  int run(O options);
}
