package io.strata.retail;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

public class FxApiServerTest {
  private static final String PAGE_1 =
      "{\"base\":\"EUR\",\"page\":1,\"next_page\":2,"
          + "\"data\":[{\"date\":\"2026-01-02\",\"rates\":{\"USD\":\"1.0823\"}}]}\n";
  private static final String MALFORMED_PAGE_2 = "{\"base\":\"EUR\",\"page\":2,\"data\":[{";
  private static final String RANGE = "start=2026-01-01&end=2026-03-31";

  @Rule
  public final TemporaryFolder tmp =
      TemporaryFolder.builder().parentFolder(new File("target")).assureDeletion().build();

  @Rule public final Timeout timeout = Timeout.seconds(30);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Path fxDir;

  @Before
  public void writePages() throws IOException {
    fxDir = tmp.newFolder("fx").toPath();
    Path pages = Files.createDirectories(fxDir.resolve("v1/fx-rates"));
    Files.writeString(pages.resolve("page-0001.json"), PAGE_1);
    Files.writeString(pages.resolve("page-0002.json"), MALFORMED_PAGE_2);
  }

  @Test
  public void servesEachPageFileAsItIsOnLoopback() throws Exception {
    try (FxApiServer api = FxApiServer.start(fxDir, 0)) {
      assertThat(api.url()).matches("http://127\\.0\\.0\\.1:\\d+");

      HttpResponse<byte[]> first = get(api, "/v1/fx-rates?" + RANGE + "&page=1");
      HttpResponse<byte[]> second = get(api, "/v1/fx-rates?" + RANGE + "&page=2");

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(first.body()).isEqualTo(PAGE_1.getBytes(UTF_8));
      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(second.body()).isEqualTo(MALFORMED_PAGE_2.getBytes(UTF_8));
    }
  }

  @Test
  public void answers404PastTheLastPageAndOffTheApi() throws Exception {
    try (FxApiServer api = FxApiServer.start(fxDir, 0)) {
      assertThat(get(api, "/v1/fx-rates?" + RANGE + "&page=3").statusCode()).isEqualTo(404);
      assertThat(get(api, "/v1/fx-rates/page-0001.json").statusCode()).isEqualTo(404);
    }
  }

  @Test
  public void answers400WhenStartEndOrPageIsMissingOrMalformed() throws Exception {
    try (FxApiServer api = FxApiServer.start(fxDir, 0)) {
      for (String query :
          new String[] {
            "end=2026-03-31&page=1",
            "start=2026-01-01&page=1",
            RANGE,
            "start=2026-1-1&end=2026-03-31&page=1",
            "start=2026-02-30&end=2026-03-31&page=1",
            RANGE + "&page=0",
            RANGE + "&page=one",
            RANGE + "&page=1&page=2",
          }) {
        HttpResponse<byte[]> response = get(api, "/v1/fx-rates?" + query);
        assertThat(response.statusCode()).as(query).isEqualTo(400);
        assertThat(new String(response.body(), UTF_8)).as(query).startsWith("{\"error\":");
      }
    }
  }

  @Test
  public void refusesConnectionsOnceClosed() throws Exception {
    FxApiServer api = FxApiServer.start(fxDir, 0);
    api.close();

    assertThatThrownBy(() -> get(api, "/v1/fx-rates?" + RANGE + "&page=1"))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  public void refusesAFolderWithoutPages() {
    assertThatThrownBy(() -> FxApiServer.start(tmp.getRoot().toPath(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("v1");
  }

  private HttpResponse<byte[]> get(FxApiServer api, String pathAndQuery) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api.url() + pathAndQuery))
            .timeout(Duration.ofSeconds(5))
            .build();
    return client.send(request, BodyHandlers.ofByteArray());
  }
}
