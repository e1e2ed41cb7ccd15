package io.strata.transforms.source;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Builds page URLs, and hides secrets in them before they reach logs, errors or lineage. */
final class PageUrl {
  private static final Pattern SECRET_NAME =
      Pattern.compile("key|token|secret|password", Pattern.CASE_INSENSITIVE);
  static final String REDACTED = "***";

  private PageUrl() {}

  /**
   * {@code baseUrl?params&pageParam=page}, parameters URL-encoded and sorted by name: the URL is
   * the lineage of every record on the page, so it must not depend on a map's iteration order.
   */
  static String of(String baseUrl, Map<String, String> params, String pageParam, int page) {
    StringJoiner query = new StringJoiner("&");
    new TreeMap<>(params).forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
    query.add(encode(pageParam) + "=" + page);
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + query;
  }

  /**
   * What a record's lineage calls its page: the redacted path and query, without scheme, host and
   * port, so the same API served from another address (the sample server takes a free port each
   * run) is still the same source and re-reading it adds nothing.
   */
  static String lineage(String url) {
    URI uri = URI.create(redact(url));
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /** The URL with the value of every query parameter named like a secret replaced. */
  static String redact(String url) {
    int queryStart = url.indexOf('?');
    if (queryStart < 0) {
      return url;
    }
    String query =
        Arrays.stream(url.substring(queryStart + 1).split("&", -1))
            .map(PageUrl::redactParam)
            .collect(Collectors.joining("&"));
    return url.substring(0, queryStart + 1) + query;
  }

  private static String redactParam(String param) {
    int eq = param.indexOf('=');
    if (eq < 0 || !SECRET_NAME.matcher(URLDecoder.decode(param.substring(0, eq), UTF_8)).find()) {
      return param;
    }
    return param.substring(0, eq + 1) + REDACTED;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, UTF_8);
  }
}
