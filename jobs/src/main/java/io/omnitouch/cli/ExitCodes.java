package io.omnitouch.cli;

/** Exit codes are part of the interface (marts.md, Command line). */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;

  /** Bad arguments or bad input contract; the message names what and where. */
  public static final int BAD_INPUT = 2;

  /** Another run of the same date holds the lock; the message names it. */
  public static final int LOCKED = 3;

  private ExitCodes() {}
}
