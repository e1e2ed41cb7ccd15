package io.strata.transforms.source;

import io.strata.transforms.bronze.RecordSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.sql.SQLException;

/**
 * How one file's bytes become bronze records. Every record comes out, in file order: one that
 * cannot be read carries its reason and its raw text.
 */
interface FileFormat extends Serializable {
  /** Reads {@code in}, the file {@code source} names, into {@code sink}. */
  void read(String source, InputStream in, RecordSink sink) throws IOException, SQLException;
}
