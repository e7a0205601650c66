package io.omnitouch.cli;

import io.omnitouch.run.InputContractException;
import io.omnitouch.run.LockHeldException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one launcher: {@code omnitouch <command> ...} (marts.md, Command line). */
@Command(
    name = "omnitouch",
    mixinStandardHelpOptions = true,
    version = "omnitouch 0.1.0",
    description = "Nightly smart-retail analytics on Spark + Delta Lake.",
    subcommands = {
      RunCommand.class,
      BackfillCommand.class,
      ReportCommand.class,
      SqlCommand.class,
      GenerateCommand.class,
      BenchCommand.class,
      MaintainCommand.class,
      ForgetCommand.class,
      AlertCommand.class,
    })
public final class Omnitouch implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    int code = execute(args);
    System.exit(code);
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cmd = new CommandLine(new Omnitouch());
    cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> exitCode(ex, System.err));
    return cmd.execute(args);
  }

  /** The exit code of a command that threw {@code ex}, after saying why on {@code err}. */
  public static int exitCode(Exception ex, java.io.PrintStream err) {
    String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
    if (ex instanceof LockHeldException) {
      err.println("omnitouch: " + msg);
      return ExitCodes.LOCKED;
    }
    if (ex instanceof InputContractException || ex instanceof IllegalArgumentException) {
      err.println("omnitouch: " + msg);
      return ExitCodes.BAD_INPUT;
    }
    // Disk full, read-only or denied storage: say so, and what to do, above the trace.
    String storage = StorageFailures.describe(ex);
    if (storage != null) {
      err.println("omnitouch: " + storage);
      ex.printStackTrace(err);
      return ExitCodes.FAILURE;
    }
    err.println("omnitouch: failed: " + msg);
    ex.printStackTrace(err);
    return ExitCodes.FAILURE;
  }
}
