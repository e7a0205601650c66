package io.omnitouch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the report command lands. */
@Command(name = "report", description = "(not built yet)")
public final class ReportCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("omnitouch report: not built yet");
    return ExitCodes.FAILURE;
  }
}
