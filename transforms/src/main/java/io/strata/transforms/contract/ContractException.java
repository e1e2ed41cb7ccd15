package io.strata.transforms.contract;

/**
 * A contract or project folder that cannot be used; the message names the file, the key and the
 * problem.
 */
public class ContractException extends IllegalArgumentException {
  public ContractException(String message) {
    super(message);
  }

  public ContractException(String message, Throwable cause) {
    super(message, cause);
  }
}
