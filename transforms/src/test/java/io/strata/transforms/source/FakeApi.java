package io.strata.transforms.source;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted paged API on a free local port: each request for a page gets the next reply scripted
 * for that page (the last one again once they run out), and a page without a script answers 404.
 */
final class FakeApi implements AutoCloseable {
  static final String PATH = "/v1/items";
  private static final String HOST = "127.0.0.1";
  private static final Pattern PAGE = Pattern.compile("(?:^|&)page=(\\d+)");

  /** One scripted answer; {@code delay} holds it back to provoke a client timeout. */
  record Reply(int status, String body, Map<String, String> headers, Duration delay) {
    static Reply ok(String body) {
      return new Reply(200, body, Map.of(), Duration.ZERO);
    }

    static Reply status(int status) {
      return new Reply(status, "{\"error\":" + status + "}", Map.of(), Duration.ZERO);
    }

    Reply withHeader(String name, String value) {
      return new Reply(status, body, Map.of(name, value), delay);
    }

    Reply after(Duration wait) {
      return new Reply(status, body, headers, wait);
    }
  }

  /** A request as the server saw it: its raw query and when it arrived. */
  record Request(String query, long nanoTime) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<Integer, List<Reply>> script = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> served = new ConcurrentHashMap<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  FakeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), 0), 0);
    server.createContext(PATH, this::handle);
    // Handlers on their own threads, so a held-back reply does not block the retry after it.
    server.setExecutor(executor);
    server.start();
  }

  FakeApi on(int page, Reply... replies) {
    script.put(page, List.of(replies));
    return this;
  }

  String url() {
    return "http://" + HOST + ":" + server.getAddress().getPort() + PATH;
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    requests.add(new Request(query, System.nanoTime()));
    Reply reply = nextReply(query == null ? "" : query);
    try (exchange) {
      Thread.sleep(reply.delay().toMillis());
      byte[] body = reply.body().getBytes(UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      exchange.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
  }

  private Reply nextReply(String query) {
    Matcher pageParam = PAGE.matcher(query);
    if (!pageParam.find() || !script.containsKey(Integer.valueOf(pageParam.group(1)))) {
      return Reply.status(404);
    }
    int page = Integer.parseInt(pageParam.group(1));
    List<Reply> replies = script.get(page);
    int n = served.computeIfAbsent(page, p -> new AtomicInteger()).getAndIncrement();
    return replies.get(Math.min(n, replies.size() - 1));
  }

  @Override
  public void close() throws InterruptedException {
    server.stop(0);
    executor.shutdownNow();
    if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
      throw new IllegalStateException("fake API handlers did not stop");
    }
  }
}
