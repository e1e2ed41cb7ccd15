package io.strata.transforms.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.bronze.RecordCodes;
import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.SourceSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a paged HTTP JSON API (an {@code http_json} source) into bronze records.
 *
 * <p>Pages are {@code GET url?params&pageParam=N} for N = 1, 2, ..., following the body's next-page
 * field until it is null. Each element of the records array becomes one record whose lineage is the
 * page URL (secret-named parameters redacted) and its index on the page. A page whose body cannot
 * be read is kept whole as one {@code row.parse_error} record at position -1, and reading goes on
 * with the next page number, where a 404 then means the end. Failed requests are retried as {@link
 * PageFetcher} describes.
 *
 * <p>All pages are fetched before the first record is output, so a source that fails (retries run
 * out, a page that must exist answers 404, another client error) fails the run and leaves nothing
 * of itself written half-done.
 */
public final class HttpJsonSource extends PTransform<PBegin, PCollection<BronzeRecord>> {
  private final BronzeLayout layout;
  private final SourceSpec spec;
  private final String url;
  private final PageFetcher.Settings settings;

  private HttpJsonSource(
      BronzeLayout layout, SourceSpec spec, String url, PageFetcher.Settings settings) {
    this.layout = layout;
    this.spec = spec;
    this.url = url;
    this.settings = settings;
  }

  /**
   * Reads {@code layout}'s table as {@code spec} says, from {@code url} (placeholders resolved).
   */
  public static HttpJsonSource read(BronzeLayout layout, SourceSpec spec, String url) {
    String tableName = layout.table();
    Objects.requireNonNull(url, "url");
    if (!SourceSpec.HTTP_JSON.equals(spec.kind())) {
      throw new IllegalArgumentException(
          tableName + ": source kind is " + spec.kind() + ", not " + SourceSpec.HTTP_JSON);
    }
    String scheme = URI.create(url).getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(
          tableName + ": url must be http or https, got " + PageUrl.redact(url));
    }
    if (spec.paramsOrEmpty().containsKey(spec.pageParamOrDefault())) {
      throw new IllegalArgumentException(
          tableName + ": params must not set the page parameter " + spec.pageParamOrDefault());
    }
    return new HttpJsonSource(layout, spec, url, PageFetcher.Settings.DEFAULTS);
  }

  /** Attempts per page, the first one included (default 6). */
  public HttpJsonSource withMaxAttempts(int maxAttempts) {
    return with(
        new PageFetcher.Settings(
            maxAttempts,
            settings.requestTimeout(),
            settings.initialBackoff(),
            settings.maxBackoff()));
  }

  /** How long one attempt may take, connecting included (default 10 s). */
  public HttpJsonSource withRequestTimeout(Duration requestTimeout) {
    return with(
        new PageFetcher.Settings(
            settings.maxAttempts(),
            requestTimeout,
            settings.initialBackoff(),
            settings.maxBackoff()));
  }

  /** The wait before the first retry, doubling up to {@code max}, jittered (200 ms to 10 s). */
  public HttpJsonSource withBackoff(Duration initial, Duration max) {
    return with(
        new PageFetcher.Settings(settings.maxAttempts(), settings.requestTimeout(), initial, max));
  }

  private HttpJsonSource with(PageFetcher.Settings newSettings) {
    return new HttpJsonSource(layout, spec, url, newSettings);
  }

  @Override
  public PCollection<BronzeRecord> expand(PBegin input) {
    // One seed element, so that one DoFn call reads the whole source.
    return input
        .apply("Seed", Create.of(layout.table()))
        .apply("FetchAllPages", ParDo.of(new FetchAllPagesFn(layout, spec, url, settings)));
  }

  private static final class FetchAllPagesFn extends DoFn<String, BronzeRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpJsonSource.class);

    private final BronzeLayout layout;
    private final String tableName;
    private final SourceSpec spec;
    private final String url;
    private final PageFetcher.Settings settings;
    private transient PageFetcher fetcher;

    FetchAllPagesFn(
        BronzeLayout layout, SourceSpec spec, String url, PageFetcher.Settings settings) {
      this.layout = layout;
      this.tableName = layout.table();
      this.spec = spec;
      this.url = url;
      this.settings = settings;
    }

    @Setup
    public void setup() {
      fetcher = new PageFetcher(tableName, settings);
    }

    @ProcessElement
    public void processElement(OutputReceiver<BronzeRecord> out) {
      fetchAllPages().forEach(out::output);
    }

    private List<BronzeRecord> fetchAllPages() {
      List<BronzeRecord> records = new ArrayList<>();
      int pages = 0;
      int unreadablePages = 0;
      Integer page = 1;
      boolean pageIsGuess = false;
      while (page != null) {
        String pageUrl = PageUrl.of(url, spec.paramsOrEmpty(), spec.pageParamOrDefault(), page);
        String source = PageUrl.lineage(pageUrl);
        Optional<String> body = fetcher.get(pageUrl);
        if (body.isEmpty()) {
          if (pageIsGuess) {
            break;
          }
          throw new HttpJsonSourceException(
              String.format(
                  "%s: GET %s answered HTTP 404, but page %d must exist (%s)",
                  tableName,
                  PageUrl.redact(pageUrl),
                  page,
                  page == 1 ? "it is the first page" : "the previous page named it"));
        }
        pages++;
        try {
          JsonNode root = JsonRecords.MAPPER.readTree(body.get());
          Integer nextPage = nextPage(root, page);
          List<BronzeRecord> onPage = records(root, source);
          records.addAll(onPage);
          LOG.debug("{}: page {} has {} records: {}", tableName, page, onPage.size(), source);
          page = nextPage;
          pageIsGuess = false;
        } catch (JsonProcessingException | UnreadablePageException e) {
          String reason = reason(e);
          records.add(
              BronzeRecord.unreadable(
                  tableName, source, -1, body.get(), RecordCodes.PARSE_ERROR, reason));
          LOG.debug("{}: page {} is unreadable ({}): {}", tableName, page, reason, source);
          unreadablePages++;
          // Its next-page field is lost with it: try the next number, where 404 means the end.
          page = page + 1;
          pageIsGuess = true;
        }
      }
      LOG.info(
          "{}: read {} records from {} pages ({} pages unreadable) of {}",
          tableName,
          records.size(),
          pages,
          unreadablePages,
          PageUrl.redact(url));
      return records;
    }

    private List<BronzeRecord> records(JsonNode root, String source)
        throws JsonProcessingException {
      JsonNode items = root.path(spec.recordsOrDefault());
      if (!items.isArray()) {
        throw new UnreadablePageException(
            "the body has no \"" + spec.recordsOrDefault() + "\" array");
      }
      List<BronzeRecord> records = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        JsonNode item = items.get(i);
        records.add(
            BronzeRecord.ofJson(
                layout, source, i, JsonRecords.MAPPER.writeValueAsString(item), item));
      }
      return records;
    }

    /** The next page number, null on the last page; it must move forward, or we would loop. */
    private @Nullable Integer nextPage(JsonNode root, int page) {
      JsonNode next = root.path(spec.nextPageOrDefault());
      if (next.isMissingNode() || next.isNull()) {
        return null;
      }
      if (!next.isIntegralNumber() || !next.canConvertToInt() || next.intValue() <= page) {
        throw new UnreadablePageException(
            "\"" + spec.nextPageOrDefault() + "\" is " + next + ", not a page after " + page);
      }
      return next.intValue();
    }

    private static String reason(Exception e) {
      if (!(e instanceof JsonProcessingException)) {
        return e.getMessage();
      }
      JsonProcessingException invalid = (JsonProcessingException) e;
      JsonLocation at = invalid.getLocation();
      return "not valid JSON: "
          + invalid.getOriginalMessage()
          + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr());
    }
  }

  /** A page whose body is JSON but not shaped as the source spec says. */
  private static final class UnreadablePageException extends RuntimeException {
    UnreadablePageException(String message) {
      super(message);
    }
  }
}
