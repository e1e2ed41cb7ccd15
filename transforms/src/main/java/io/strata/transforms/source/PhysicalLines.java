package io.strata.transforms.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a stream line by line as bytes, so that a line that is not valid UTF-8 can be reported as
 * such (and kept, with U+FFFD in place of the bad bytes) instead of failing the whole file.
 */
final class PhysicalLines {
  /** One line without its terminator; {@code text} is null when the bytes are not valid UTF-8. */
  record Line(long number, String text, String lenientText, String terminator) {
    boolean validUtf8() {
      return text != null;
    }

    String payload() {
      return validUtf8() ? text : lenientText;
    }
  }

  private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final InputStream in;
  private final CharsetDecoder strict =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private byte[] line = new byte[256];
  private long number;
  private boolean eof;

  /** Reads through its own buffer: wrap nothing around {@code in}. */
  PhysicalLines(InputStream in) {
    this.in = in;
  }

  /** The next line, or null at the end of the stream. */
  Line next() throws IOException {
    int length = 0;
    String terminator = "";
    while (!eof) {
      if (position == limit && !fill()) {
        break;
      }
      int end = position;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      length = append(length, end - position);
      boolean found = end < limit;
      position = found ? end + 1 : end;
      if (found) {
        terminator = "\n";
        break;
      }
    }
    if (terminator.isEmpty() && length == 0) {
      return null;
    }
    if (length > 0 && line[length - 1] == '\r') {
      length--;
      terminator = "\r" + terminator;
    }
    // A UTF-8 byte order mark, which some tools write first, is not part of the first record.
    int from = number == 0 && startsWithByteOrderMark(length) ? BYTE_ORDER_MARK.length : 0;
    number++;
    String lenient = new String(line, from, length - from, StandardCharsets.UTF_8);
    String text = lenient;
    // U+FFFD marks bytes that did not decode, or (rarely) a valid encoded U+FFFD: only then ask
    // strictly.
    if (lenient.indexOf('\uFFFD') >= 0) {
      try {
        text = strict.decode(ByteBuffer.wrap(line, from, length - from)).toString();
      } catch (CharacterCodingException e) {
        text = null;
      }
    }
    if (lenient.indexOf('\u0000') >= 0) {
      // PostgreSQL text cannot hold NUL: treat it like any other undecodable byte
      text = null;
      lenient = lenient.replace('\u0000', '\uFFFD');
    }
    return new Line(number, text, lenient, terminator);
  }

  private boolean startsWithByteOrderMark(int length) {
    return length >= BYTE_ORDER_MARK.length
        && Arrays.equals(
            line, 0, BYTE_ORDER_MARK.length, BYTE_ORDER_MARK, 0, BYTE_ORDER_MARK.length);
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      eof = n < 0;
      position = limit = 0;
      return !eof;
    }
    position = 0;
    limit = n;
    return true;
  }

  /**
   * Appends {@code count} bytes from the buffer at {@code position} to the line; returns its new
   * length.
   */
  private int append(int length, int count) {
    if (length + count > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
    }
    System.arraycopy(buffer, position, line, length, count);
    return length + count;
  }
}
