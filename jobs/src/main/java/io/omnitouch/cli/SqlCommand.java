package io.omnitouch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the sql command lands. */
@Command(name = "sql", description = "(not built yet)")
public final class SqlCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("omnitouch sql: not built yet");
    return ExitCodes.FAILURE;
  }
}
