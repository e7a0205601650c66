package io.omnitouch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the nightly run lands. */
@Command(name = "run", description = "(not built yet)")
public final class RunCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return ExitCodes.FAILURE;
  }
}
