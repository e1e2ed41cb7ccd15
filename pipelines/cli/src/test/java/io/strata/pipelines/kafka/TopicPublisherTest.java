package io.strata.pipelines.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

public class TopicPublisherTest {
  @Test
  public void splitsLinesKeepingTheirExactBytesAndSkipsBlankOnes() {
    byte[] file = {'{', '}', '\r', '\n', ' ', '\n', 'a', (byte) 0xC3, (byte) 0x28, '\n', 'b'};

    List<byte[]> lines = TopicPublisher.lines(file);

    assertThat(lines)
        .containsExactly(
            new byte[] {'{', '}'}, new byte[] {'a', (byte) 0xC3, (byte) 0x28}, new byte[] {'b'});
  }

  @Test
  public void keysARecordByItsFieldAndLeavesALineThatIsNotJsonUnkeyed() {
    assertThat(
            TopicPublisher.key(
                "{\"order_id\":\"O00000001\",\"amount\":\"1.00\"}".getBytes(StandardCharsets.UTF_8),
                "order_id"))
        .isEqualTo("O00000001".getBytes(StandardCharsets.UTF_8));
    assertThat(
            TopicPublisher.key(
                "{\"payment_id\":\"PAY0000001\",\"order_id\":".getBytes(StandardCharsets.UTF_8),
                "order_id"))
        .isNull();
    assertThat(
            TopicPublisher.key(
                "{\"amount\":\"1.00\"}".getBytes(StandardCharsets.UTF_8), "order_id"))
        .isNull();
  }
}
