package io.strata.retail;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the sample FX API over real HTTP from the generated page files, so that a run without
 * {@code --fxApiUrl} reads FX rates the same way it would from a real API.
 *
 * <p>{@code GET /v1/fx-rates?start=YYYY-MM-DD&end=YYYY-MM-DD&page=N} answers the bytes of {@code
 * fxDir/v1/fx-rates/page-NNNN.json} as they are (one of them is malformed on purpose), 404 when
 * there is no such page, and 400 when start, end or page is missing or not well-formed.
 */
public final class FxApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FxApiServer.class);
  private static final String PATH = "/v1/fx-rates";
  private static final String HOST = "127.0.0.1";
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern PAGE = Pattern.compile("[1-9]\\d{0,8}");

  private final HttpServer server;
  private final Path pageDir;

  private FxApiServer(HttpServer server, Path pageDir) {
    this.server = server;
    this.pageDir = pageDir;
  }

  /** Serves the pages under {@code fxDir/v1/fx-rates} on 127.0.0.1:{@code port} (0: any free). */
  public static FxApiServer start(Path fxDir, int port) throws IOException {
    Path pageDir = fxDir.resolve("v1").resolve("fx-rates");
    if (!Files.isDirectory(pageDir)) {
      throw new IllegalArgumentException("no FX API pages to serve: " + pageDir + " is missing");
    }
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(HOST), port);
    HttpServer server = HttpServer.create(address, 0);
    FxApiServer api = new FxApiServer(server, pageDir);
    server.createContext(PATH, api::handle);
    server.start();
    LOG.info("FX API serving {} at {}", pageDir, api.url());
    return api;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:PORT}, to which the API's paths are appended. */
  public String url() {
    return "http://" + HOST + ":" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        reply(exchange, 405, error("only GET is allowed"));
        return;
      }
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        reply(exchange, 404, error("no such resource"));
        return;
      }
      String query = Objects.requireNonNullElse(exchange.getRequestURI().getRawQuery(), "");
      Optional<String> invalid = invalidQuery(query);
      if (invalid.isPresent()) {
        reply(exchange, 400, error(invalid.get()));
        return;
      }
      int page = Integer.parseInt(param(query, "page").get(0));
      Path file = pageDir.resolve(String.format("page-%04d.json", page));
      try {
        reply(exchange, 200, Files.readAllBytes(file));
      } catch (NoSuchFileException noSuchPage) {
        reply(exchange, 404, error("no page " + page));
      }
    }
  }

  /** Why the query cannot be answered, or empty when start, end and page are each well-formed. */
  private static Optional<String> invalidQuery(String query) {
    for (String name : List.of("start", "end")) {
      List<String> values = param(query, name);
      if (values.size() != 1 || !isDate(values.get(0))) {
        return Optional.of(name + " must be given once, as YYYY-MM-DD");
      }
    }
    List<String> pages = param(query, "page");
    if (pages.size() != 1 || !PAGE.matcher(pages.get(0)).matches()) {
      return Optional.of("page must be given once, as a number from 1");
    }
    return Optional.empty();
  }

  private static boolean isDate(String value) {
    if (!DATE.matcher(value).matches()) {
      return false;
    }
    try {
      LocalDate.parse(value);
      return true;
    } catch (DateTimeParseException notADay) {
      return false;
    }
  }

  /**
   * Every value of the query parameter {@code name}, decoded. The server has already answered 400
   * to a query with a malformed escape, so decoding cannot fail here.
   */
  private static List<String> param(String query, String name) {
    List<String> values = new ArrayList<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (decode(key).equals(name)) {
        values.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return values;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, UTF_8);
  }

  private static byte[] error(String message) {
    return ("{\"error\":\"" + message + "\"}").getBytes(UTF_8);
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
