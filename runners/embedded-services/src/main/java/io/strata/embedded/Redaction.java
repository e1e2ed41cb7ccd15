package io.strata.embedded;

import java.util.regex.Pattern;

/** Keeps passwords carried in URIs out of logs and exception messages. */
public final class Redaction {
  // scheme://user:password@ -> scheme://user:***@; the password runs to the last '@' before a
  // blank, so an unencoded '@' inside it is hidden too.
  private static final Pattern USERINFO_PASSWORD =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^:/?#@\\s]*):[^\\s]*@");

  private Redaction() {}

  /** {@code text} with the password of every URI's userinfo replaced by {@code ***}. */
  public static String redactPasswords(String text) {
    return USERINFO_PASSWORD.matcher(text).replaceAll("$1:***@");
  }
}
