package io.omnitouch.run;

/**
 * Input breaks the contract as a whole (missing column, unreadable file, quarantine over limit).
 */
public class InputContractException extends RuntimeException {
  public InputContractException(String message) {
    super(message);
  }

  public InputContractException(String message, Throwable cause) {
    super(message, cause);
  }
}
