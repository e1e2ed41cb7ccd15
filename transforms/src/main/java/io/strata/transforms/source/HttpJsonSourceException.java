package io.strata.transforms.source;

/** An HTTP JSON source could not be read completely; nothing of it was output. */
public final class HttpJsonSourceException extends RuntimeException {
  HttpJsonSourceException(String message) {
    super(message);
  }

  HttpJsonSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
