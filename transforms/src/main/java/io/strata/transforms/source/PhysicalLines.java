package io.strata.transforms.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a stream line by line as bytes, so that a line that is not valid UTF-8 can be reported
 * as such (and kept, with U+FFFD in place of the bad bytes) instead of failing the whole file.
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

  private final InputStream in;
  private final CharsetDecoder strict =
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private long number;
  private boolean eof;

  PhysicalLines(InputStream in) {
    this.in = in;
  }

  /** The next line, or null at the end of the stream. */
  Line next() throws IOException {
    if (eof) {
      return null;
    }
    buffer.reset();
    int b;
    String terminator = "";
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        terminator = "\n";
        break;
      }
      buffer.write(b);
    }
    if (b == -1) {
      eof = true;
      if (buffer.size() == 0) {
        return null;
      }
    }
    byte[] bytes = buffer.toByteArray();
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
      terminator = "\r" + terminator;
    }
    number++;
    String lenient = new String(bytes, 0, length, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    String text;
    try {
      text = strict.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
      if (text.indexOf('\u0000') >= 0) {
        text = null; // PostgreSQL text cannot hold NUL: treat it like any other undecodable byte
      }
    } catch (CharacterCodingException e) {
      text = null;
    }
    return new Line(number, text, lenient, terminator);
  }
}
