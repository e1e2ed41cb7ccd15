package io.strata.transforms.contract;

import java.io.Serializable;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where a table's raw records come from and how to read them.
 *
 * @param kind {@code csv}, {@code jsonl}, {@code http_json} or {@code kafka}
 * @param path for files: a glob relative to the input folder ({@code orders/orders_*.csv}); for
 *     {@code kafka}: the JSON Lines files an embedded broker is seeded with, in file order ({@code
 *     payments/payments_*.jsonl}); a given broker is read as it is
 * @param url for {@code http_json}: the endpoint; {@code ${name}} is replaced by the option of that
 *     name (only {@code fxApiUrl} today)
 * @param params for {@code http_json}: fixed query parameters
 * @param pageParam for {@code http_json}: the query parameter that carries the page number
 * @param nextPage for {@code http_json}: the body field naming the next page, null on the last
 * @param records for {@code http_json}: the body field holding the array of records
 * @param topic for {@code kafka}: the topic name
 * @param messageKey for {@code kafka}: the JSON field whose value keys each seeded record (the key
 *     chooses the partition, so one order's events stay in order)
 */
public record SourceSpec(
    String kind,
    @Nullable String path,
    @Nullable String url,
    @Nullable Map<String, String> params,
    @Nullable String pageParam,
    @Nullable String nextPage,
    @Nullable String records,
    @Nullable String topic,
    @Nullable String messageKey)
    implements Serializable {

  public static final String CSV = "csv";
  public static final String JSONL = "jsonl";
  public static final String HTTP_JSON = "http_json";
  public static final String KAFKA = "kafka";

  public String pageParamOrDefault() {
    return pageParam == null ? "page" : pageParam;
  }

  public String nextPageOrDefault() {
    return nextPage == null ? "next_page" : nextPage;
  }

  public String recordsOrDefault() {
    return records == null ? "data" : records;
  }

  public Map<String, String> paramsOrEmpty() {
    return params == null ? Map.of() : params;
  }
}
