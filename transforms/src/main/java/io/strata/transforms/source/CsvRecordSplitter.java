package io.strata.transforms.source;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Splits a CSV stream into logical records before parsing, so that one broken record never swallows
 * the rest of the file. A record starts on a physical line and takes the following lines while its
 * quotes are unbalanced (a quoted value with line breaks); if they are still unbalanced after
 * {@link #MAX_LINES} lines, only the first line is returned (it will fail to parse and be rejected)
 * and splitting resumes on the next line.
 */
final class CsvRecordSplitter {
  static final int MAX_LINES = 20;

  /** A logical record: where it starts, its text, and whether all its bytes were valid UTF-8. */
  record RawRecord(long line, String text, boolean validUtf8) {}

  private final PhysicalLines lines;
  private final Deque<PhysicalLines.Line> lookahead = new ArrayDeque<>();

  CsvRecordSplitter(PhysicalLines lines) {
    this.lines = lines;
  }

  /** The next non-blank record, or null at the end. */
  RawRecord next() throws IOException {
    PhysicalLines.Line first;
    do {
      first = pull();
      if (first == null) {
        return null;
      }
    } while (first.payload().isBlank());
    boolean open = quotes(first.payload()) % 2 == 1;
    if (!open) {
      return new RawRecord(first.number(), first.payload(), first.validUtf8());
    }
    StringBuilder text = new StringBuilder(first.payload());
    boolean valid = first.validUtf8();
    Deque<PhysicalLines.Line> taken = new ArrayDeque<>();
    String terminator = first.terminator();
    while (open && taken.size() < MAX_LINES - 1) {
      PhysicalLines.Line line = pull();
      if (line == null) {
        break;
      }
      taken.addLast(line);
      text.append(terminator).append(line.payload());
      terminator = line.terminator();
      valid &= line.validUtf8();
      open ^= quotes(line.payload()) % 2 == 1;
    }
    if (open) {
      // Never closed: give back the lines taken and let the first line stand alone.
      while (!taken.isEmpty()) {
        lookahead.addFirst(taken.removeLast());
      }
      return new RawRecord(first.number(), first.payload(), first.validUtf8());
    }
    return new RawRecord(first.number(), text.toString(), valid);
  }

  private PhysicalLines.Line pull() throws IOException {
    return lookahead.isEmpty() ? lines.next() : lookahead.removeFirst();
  }

  private static int quotes(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '"') {
        n++;
      }
    }
    return n;
  }
}
