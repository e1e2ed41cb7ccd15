package io.strata.transforms.source;

import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.bronze.RecordCodes;
import io.strata.transforms.contract.BronzeLayout;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How one Kafka record becomes a bronze record. Lineage is {@code <topic>/<partition, five digits>}
 * and the offset: unique per record, stable when the topic is read again, and ordered the way a
 * contract's {@code dedup: {order_by: [..., _source, _position]}} breaks ties (the higher
 * partition, then the higher offset), because sources compare as text and the zero-padding makes
 * text order the partition order.
 */
public final class KafkaRecords {
  private KafkaRecords() {}

  /** The lineage source of a partition: {@code payments/00002}. */
  public static String source(String topic, int partition) {
    return String.format(Locale.ROOT, "%s/%05d", topic, partition);
  }

  /**
   * The value as the bronze payload: a JSON object is parsed; anything else, a value that is not
   * UTF-8 (its exact bytes also in base64 in the message) or a record without a value, is kept with
   * its {@code row.*} reason.
   */
  public static BronzeRecord toBronze(
      BronzeLayout layout, String topic, int partition, long offset, byte @Nullable [] value) {
    String table = layout.table();
    String source = source(topic, partition);
    if (value == null) {
      return BronzeRecord.unreadable(
          table, source, offset, "", RecordCodes.PARSE_ERROR, "the record has no value");
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value))
              .toString();
      return JsonLinesFile.parseObject(layout, source, offset, text);
    } catch (CharacterCodingException e) {
      // The payload column is text: the exact bytes travel in the message, so quarantine keeps
      // them.
      return BronzeRecord.unreadable(
          table,
          source,
          offset,
          new String(value, StandardCharsets.UTF_8),
          RecordCodes.ENCODING,
          "the value is not valid UTF-8 (bad bytes shown as U+FFFD); raw value, base64: "
              + Base64.getEncoder().encodeToString(value));
    }
  }
}
