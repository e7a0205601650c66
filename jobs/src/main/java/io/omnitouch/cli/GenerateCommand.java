package io.omnitouch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the generate command lands. */
@Command(name = "generate", description = "(not built yet)")
public final class GenerateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("omnitouch generate: not built yet");
    return ExitCodes.FAILURE;
  }
}
