package io.omnitouch.run;

/** Another run of the same date holds the warehouse lock. */
public class LockHeldException extends RuntimeException {
  public LockHeldException(String message) {
    super(message);
  }
}
