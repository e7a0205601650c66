package io.omnitouch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the backfill command lands. */
@Command(name = "backfill", description = "(not built yet)")
public final class BackfillCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("omnitouch backfill: not built yet");
    return ExitCodes.FAILURE;
  }
}
