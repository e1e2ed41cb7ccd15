package io.strata.transforms.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.SourceSpec;
import io.strata.transforms.contract.TestContracts;
import io.strata.transforms.source.FakeApi.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

public class HttpJsonSourceTest {
  private static final BronzeLayout FX_RATES = BronzeLayout.of(TestContracts.FX_RATES);
  private static final Map<String, String> PARAMS =
      Map.of("start", "2026-01-01", "end", "2026-01-31", "label", "a b&c");

  /** PARAMS as the source must send them: sorted by name, URL-encoded. */
  private static final String QUERY = "end=2026-01-31&label=a+b%26c&start=2026-01-01";

  private static final String JAN_02 = "{\"date\":\"2026-01-02\",\"rates\":{\"USD\":\"1.0823\"}}";
  private static final String JAN_05 = "{\"date\":\"2026-01-05\",\"rates\":{\"USD\":1.10}}";
  private static final String JAN_06 = "{\"date\":\"2026-01-06\",\"rates\":{\"GBP\":\"0.8571\"}}";
  private static final String JAN_07 = "{\"date\":\"2026-01-07\",\"rates\":{}}";
  private static final String NOT_JSON = "{\"page\":2,\"data\":[{\"date\":";

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final Timeout timeout = Timeout.seconds(30);

  private FakeApi api;

  @Before
  public void startApi() throws IOException {
    api = new FakeApi();
  }

  @After
  public void stopApi() throws InterruptedException {
    api.close();
  }

  @Test
  public void readsEveryPageWithPageUrlAndIndexAsLineage() {
    api.on(1, Reply.ok(page(1, 2, JAN_02, JAN_05)))
        .on(2, Reply.ok(page(2, 3, JAN_06)))
        .on(3, Reply.ok(page(3, null, JAN_07)));

    PCollection<BronzeRecord> records = pipeline.apply(source());

    PAssert.that(records)
        .containsInAnyOrder(
            parsed(1, 0, JAN_02), parsed(1, 1, JAN_05), parsed(2, 0, JAN_06), parsed(3, 0, JAN_07));
    pipeline.run().waitUntilFinish();
    assertThat(queries()).containsExactly(QUERY + "&page=1", QUERY + "&page=2", QUERY + "&page=3");
  }

  @Test
  public void keepsAnInvalidJsonPageWholeAsOneParseErrorAndReadsOn() {
    api.on(1, Reply.ok(page(1, 2, JAN_02)))
        .on(2, Reply.ok(NOT_JSON))
        .on(3, Reply.ok(page(3, null, JAN_07)));
    BronzeRecord first = parsed(1, 0, JAN_02);
    BronzeRecord last = parsed(3, 0, JAN_07);
    String page2 = lineage(2);

    PCollection<BronzeRecord> records = pipeline.apply(source());

    PAssert.that(records)
        .satisfies(
            all -> {
              assertThat(all)
                  .filteredOn(r -> r.rejectCode == null)
                  .containsExactlyInAnyOrder(first, last);
              assertThat(all)
                  .filteredOn(r -> r.rejectCode != null)
                  .singleElement()
                  .satisfies(
                      rejected -> {
                        assertThat(rejected.source).isEqualTo(page2);
                        assertThat(rejected.position).isEqualTo(-1);
                        assertThat(rejected.payload).isEqualTo(NOT_JSON);
                        assertThat(rejected.values).isEmpty();
                        assertThat(rejected.rejectCode).isEqualTo("row.parse_error");
                        assertThat(rejected.rejectMessage).startsWith("not valid JSON: ");
                      });
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void endsAtA404AfterAnUnreadableLastPage() {
    String noRecords = "{\"page\":2,\"next_page\":null}";
    api.on(1, Reply.ok(page(1, 2, JAN_02))).on(2, Reply.ok(noRecords));

    PCollection<BronzeRecord> records = pipeline.apply(source());

    PAssert.that(records)
        .containsInAnyOrder(
            parsed(1, 0, JAN_02),
            BronzeRecord.unreadable(
                "fx_rates",
                lineage(2),
                -1,
                noRecords,
                "row.parse_error",
                "the body has no \"data\" array"));
    pipeline.run().waitUntilFinish();
    assertThat(queries()).hasSize(3);
  }

  @Test
  public void waitsAsLongAsRetryAfterSaysOn429() {
    api.on(1, Reply.status(429).withHeader("Retry-After", "1"), Reply.ok(page(1, null, JAN_02)));

    PAssert.that(pipeline.apply(source())).containsInAnyOrder(parsed(1, 0, JAN_02));
    pipeline.run().waitUntilFinish();

    List<FakeApi.Request> requests = api.requests();
    assertThat(requests).hasSize(2);
    Duration waited = Duration.ofNanos(requests.get(1).nanoTime() - requests.get(0).nanoTime());
    assertThat(waited).isBetween(Duration.ofMillis(950), Duration.ofSeconds(5));
  }

  @Test
  public void retriesServerErrors() {
    api.on(1, Reply.status(503), Reply.status(503), Reply.ok(page(1, null, JAN_02)));

    PAssert.that(pipeline.apply(source())).containsInAnyOrder(parsed(1, 0, JAN_02));
    pipeline.run().waitUntilFinish();

    assertThat(queries()).hasSize(3);
  }

  @Test
  public void retriesASuccessWhoseBodyIsTruncatedEmptyOrHtml() {
    String truncated = page(1, null, JAN_02).substring(0, 20);
    api.on(
        1,
        Reply.ok(truncated),
        Reply.ok(""),
        Reply.ok("<html><body>Bad gateway</body></html>"),
        Reply.ok(page(1, null, JAN_02)));

    PAssert.that(pipeline.apply(source())).containsInAnyOrder(parsed(1, 0, JAN_02));
    pipeline.run().waitUntilFinish();

    assertThat(queries()).hasSize(4);
  }

  @Test
  public void retriesAResponseSlowerThanTheTimeout() {
    api.on(
        1,
        Reply.ok(page(1, null, JAN_02)).after(Duration.ofSeconds(3)),
        Reply.ok(page(1, null, JAN_02)));

    PAssert.that(pipeline.apply(source().withRequestTimeout(Duration.ofMillis(300))))
        .containsInAnyOrder(parsed(1, 0, JAN_02));
    pipeline.run().waitUntilFinish();

    assertThat(queries()).hasSize(2);
  }

  @Test
  public void failsNamingTheRedactedUrlAndAttemptsWhenRetriesRunOut() {
    api.on(1, Reply.status(503));
    SourceSpec withToken = spec(Map.of("token", "s3cr3t", "start", "2026-01-01"));
    pipeline.apply(
        HttpJsonSource.read(FX_RATES, withToken, api.url())
            .withMaxAttempts(3)
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50)));

    HttpJsonSourceException failure = failureOf(pipeline);

    assertThat(failure)
        .hasMessage(
            "fx_rates: GET %s?start=2026-01-01&token=***&page=1 failed after 3 attempts;"
                + " last: HTTP 503",
            api.url());
    assertThat(queries()).hasSize(3);
  }

  @Test
  public void failsNamingTheLastErrorWhenConnectionsKeepFailing() throws IOException {
    String nobodyListens = "http://127.0.0.1:" + closedPort() + FakeApi.PATH;
    pipeline.apply(
        HttpJsonSource.read(FX_RATES, spec(PARAMS), nobodyListens)
            .withMaxAttempts(2)
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50)));

    assertThat(failureOf(pipeline))
        .hasMessageStartingWith("fx_rates: GET " + nobodyListens + "?" + QUERY + "&page=1")
        .hasMessageContaining("failed after 2 attempts; last: java.net.ConnectException");
  }

  @Test
  public void failsWhenTheFirstPageIsNotFound() {
    pipeline.apply(source());

    assertThat(failureOf(pipeline))
        .hasMessage(
            "fx_rates: GET %s answered HTTP 404, but page 1 must exist (it is the first page)",
            pageUrl(1));
    assertThat(queries()).hasSize(1);
  }

  @Test
  public void failsAtOnceOnAnotherClientError() {
    api.on(1, Reply.status(400));
    pipeline.apply(source());

    assertThat(failureOf(pipeline))
        .hasMessage(
            "fx_rates: GET %s failed after 1 attempt; last: HTTP 400, which is not retried",
            pageUrl(1));
    assertThat(queries()).hasSize(1);
  }

  @Test
  public void readsRetryAfterAsSecondsOrAnHttpDate() {
    Instant now = Instant.parse("2026-01-02T10:00:00Z");

    assertThat(PageFetcher.retryAfter(" 3 ", now)).contains(Duration.ofSeconds(3));
    assertThat(PageFetcher.retryAfter("Fri, 02 Jan 2026 10:00:07 GMT", now))
        .contains(Duration.ofSeconds(7));
    assertThat(PageFetcher.retryAfter("Fri, 02 Jan 2026 09:00:00 GMT", now))
        .contains(Duration.ZERO);
    assertThat(PageFetcher.retryAfter("soon", now)).isEqualTo(Optional.empty());
  }

  @Test
  public void rejectsInvalidSettings() {
    HttpJsonSource source = HttpJsonSource.read(FX_RATES, spec(PARAMS), "http://127.0.0.1:1/x");

    assertThatThrownBy(() -> source.withMaxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> source.withRequestTimeout(Duration.ZERO))
        .hasMessageContaining("requestTimeout");
    assertThatThrownBy(() -> source.withBackoff(Duration.ofSeconds(1), Duration.ofMillis(100)))
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> HttpJsonSource.read(FX_RATES, spec(Map.of("page", "2")), "http://h/x"))
        .hasMessageContaining("page parameter");
    assertThatThrownBy(() -> HttpJsonSource.read(FX_RATES, spec(PARAMS), "file:///etc/passwd"))
        .hasMessageContaining("http or https");
  }

  private HttpJsonSource source() {
    return HttpJsonSource.read(FX_RATES, spec(PARAMS), api.url())
        .withRequestTimeout(Duration.ofSeconds(2))
        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
  }

  private static SourceSpec spec(Map<String, String> params) {
    return new SourceSpec(
        SourceSpec.HTTP_JSON,
        null,
        "${fxApiUrl}/v1/items",
        params,
        "page",
        "next_page",
        "data",
        null,
        null);
  }

  private String pageUrl(int page) {
    return api.url() + "?" + QUERY + "&page=" + page;
  }

  /** The lineage of a page: its path and query, not the test server's address. */
  private String lineage(int page) {
    return java.net.URI.create(api.url()).getRawPath() + "?" + QUERY + "&page=" + page;
  }

  /** A record as bronze keeps it: the date, and the rates object as its JSON text. */
  private BronzeRecord parsed(int page, int index, String json) {
    try {
      JsonNode node = JsonRecords.MAPPER.readTree(json);
      return BronzeRecord.parsed(
          "fx_rates",
          lineage(page),
          index,
          Map.of(
              "rate_date",
              node.get("date").asText(),
              "units_per_eur",
              node.get("rates").toString()));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A page body as the API writes it, pretty-printed so the test sees records made compact. */
  private static String page(int page, Integer next, String... records) {
    return String.format(
        "{\"base\": \"EUR\", \"page\": %d, \"next_page\": %s,%n \"data\": [%n  %s%n]}",
        page, next, String.join(",\n  ", records));
  }

  private List<String> queries() {
    return api.requests().stream().map(FakeApi.Request::query).collect(Collectors.toList());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static HttpJsonSourceException failureOf(TestPipeline pipeline) {
    Throwable thrown = catchThrowable(() -> pipeline.run().waitUntilFinish());
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof HttpJsonSourceException) {
        return (HttpJsonSourceException) t;
      }
    }
    throw new AssertionError("expected the source to fail, got " + thrown, thrown);
  }
}
