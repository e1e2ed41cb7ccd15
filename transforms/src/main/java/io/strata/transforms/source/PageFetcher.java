package io.strata.transforms.source;

import dev.failsafe.ExecutionContext;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs one page, retrying 429 (after its {@code Retry-After}), 5xx, a 2xx whose body is not JSON (a
 * truncated, empty or HTML answer from a proxy or an overloaded server), connection errors and
 * timeouts with exponential backoff; any other answer is final. A 2xx still not JSON after the last
 * attempt is returned as it is, for the source to reject whole.
 */
final class PageFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(PageFetcher.class);

  /** The longest {@code Retry-After} honoured: a server asking for more is retried after this. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(1);

  /** How hard to try; validated here so every builder that makes one gets the same checks. */
  record Settings(
      int maxAttempts, Duration requestTimeout, Duration initialBackoff, Duration maxBackoff)
      implements Serializable {
    static final Settings DEFAULTS =
        new Settings(6, Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(10));

    Settings {
      require(maxAttempts >= 1, "maxAttempts must be at least 1, got " + maxAttempts);
      require(isPositive(requestTimeout), "requestTimeout must be positive, got " + requestTimeout);
      require(isPositive(initialBackoff), "initialBackoff must be positive, got " + initialBackoff);
      require(
          maxBackoff != null && maxBackoff.compareTo(initialBackoff) >= 0,
          "maxBackoff must be at least initialBackoff " + initialBackoff + ", got " + maxBackoff);
    }

    private static boolean isPositive(Duration d) {
      return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }
  }

  private final String tableName;
  private final Settings settings;
  private final HttpClient client;
  private final RetryPolicy<HttpResponse<String>> retryPolicy;

  PageFetcher(String tableName, Settings settings) {
    this.tableName = tableName;
    this.settings = settings;
    this.client = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    // Failsafe decides what to retry and how often; the delay is ours because Failsafe's jitter
    // would also apply to Retry-After and could wake us before the server allows.
    this.retryPolicy =
        RetryPolicy.<HttpResponse<String>>builder()
            .handle(IOException.class)
            .handleResultIf(response -> isRetryable(response.statusCode()) || notJson(response))
            .withMaxAttempts(settings.maxAttempts())
            .withDelayFn(this::delayBeforeRetry)
            .onRetryScheduled(
                e ->
                    LOG.debug(
                        "{}: attempt {} failed ({}), retrying in {} ms",
                        tableName,
                        e.getAttemptCount(),
                        outcome(e.getLastResult(), e.getLastException()),
                        e.getDelay().toMillis()))
            .build();
  }

  /** The body of a 2xx answer, or empty on 404; throws on any other final answer. */
  Optional<String> get(String url) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(settings.requestTimeout())
            .header("Accept", "application/json")
            .GET()
            .build();
    AtomicInteger attempts = new AtomicInteger();
    HttpResponse<String> response;
    try {
      response =
          Failsafe.with(retryPolicy)
              .get(
                  () -> {
                    attempts.incrementAndGet();
                    return client.send(request, BodyHandlers.ofString());
                  });
    } catch (FailsafeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new HttpJsonSourceException(failure(url, attempts.get(), outcome(null, cause)), cause);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return Optional.of(response.body());
    }
    if (status == 404) {
      return Optional.empty();
    }
    String last = outcome(response, null) + (isRetryable(status) ? "" : ", which is not retried");
    throw new HttpJsonSourceException(failure(url, attempts.get(), last));
  }

  private String failure(String url, int attempts, String outcome) {
    return String.format(
        "%s: GET %s failed after %d attempt%s; last: %s",
        tableName, PageUrl.redact(url), attempts, attempts == 1 ? "" : "s", outcome);
  }

  private Duration delayBeforeRetry(ExecutionContext<HttpResponse<String>> context) {
    HttpResponse<String> last = context.getLastResult();
    if (last != null && last.statusCode() == 429) {
      Optional<Duration> retryAfter =
          last.headers().firstValue("Retry-After").flatMap(v -> retryAfter(v, Instant.now()));
      if (retryAfter.isPresent()) {
        return min(retryAfter.get(), MAX_RETRY_AFTER);
      }
    }
    return backoff(context.getAttemptCount());
  }

  /** Exponential from the initial backoff, capped, with "equal jitter": half fixed, half random. */
  private Duration backoff(int failedAttempts) {
    long doublings = Math.min(failedAttempts - 1, 30);
    Duration exponential = settings.initialBackoff().multipliedBy(1L << doublings);
    long nanos = min(exponential, settings.maxBackoff()).toNanos();
    return Duration.ofNanos(nanos / 2 + ThreadLocalRandom.current().nextLong(nanos / 2 + 1));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** A {@code Retry-After} value, delay-seconds or an HTTP-date, as a wait from {@code now}. */
  static Optional<Duration> retryAfter(String value, Instant now) {
    String trimmed = value.trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(now.isBefore(at) ? Duration.between(now, at) : Duration.ZERO);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  private static boolean isRetryable(int status) {
    return status == 429 || status / 100 == 5;
  }

  /** A success whose body is empty or not one JSON value. */
  private static boolean notJson(HttpResponse<String> response) {
    if (response.statusCode() / 100 != 2) {
      return false;
    }
    try {
      return JsonRecords.MAPPER.readTree(response.body()).isMissingNode();
    } catch (IOException e) {
      return true;
    }
  }

  private static String outcome(HttpResponse<String> response, Throwable error) {
    if (response == null) {
      return String.valueOf(error);
    }
    return "HTTP "
        + response.statusCode()
        + (notJson(response) ? " with a body that is not JSON" : "");
  }
}
