package io.strata.transforms.contract;

import java.util.regex.Pattern;

/** The only shape of name from a contract that may reach SQL text; values are always bound. */
public final class Identifiers {
  private static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

  private Identifiers() {}

  public static boolean isValid(String name) {
    return name != null && IDENTIFIER.matcher(name).matches();
  }

  /** Returns the name when it is a safe identifier, else throws naming where it came from. */
  public static String check(String name, String where) {
    if (!isValid(name)) {
      throw new ContractException(
          where + ": '" + name + "' is not an identifier matching " + IDENTIFIER.pattern());
    }
    return name;
  }
}
