package io.strata.retail.generate;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Person names by country, as "display/ascii" pairs: the display form carries non-ASCII letters,
 * the ASCII form builds e-mail addresses. A few names carry commas, quotes or a line break, which
 * is valid data that CSV must quote.
 */
final class Names {
  /**
   * A name as shown (possibly with a comma, quotes or a line break), its plain parts, and the local
   * part of an e-mail address derived from it.
   */
  record Person(String fullName, String given, String family, String emailLocal) {}

  private static final Map<Country, List<String>> FIRST = new EnumMap<>(Country.class);
  private static final Map<Country, List<String>> LAST = new EnumMap<>(Country.class);

  static {
    names(
        Country.DE,
        "Anna Lukas Jürgen/Juergen Sophie Maximilian Lena Björn/Bjoern Käthe/Kaethe",
        "Müller/Mueller Schmidt Schröder/Schroeder Weiß/Weiss Becker Hoffmann");
    names(
        Country.FR,
        "Élodie/Elodie Jean Chloé/Chloe François/Francois Camille Hélène/Helene",
        "Dubois Lefèvre/Lefevre Martin Moreau Girard Faure");
    names(
        Country.GB,
        "Oliver Amelia Harry Isla George Emily",
        "Smith Jones O'Brien/OBrien Taylor Brown Wilson");
    names(
        Country.US,
        "James Mary Michael Jennifer Robert Linda",
        "Johnson Williams Garcia Miller Davis Rodriguez");
    names(
        Country.ES,
        "José/Jose María/Maria Javier Lucía/Lucia Íñigo/Inigo Sofía/Sofia",
        "García/Garcia Fernández/Fernandez López/Lopez Martínez/Martinez Núñez/Nunez Pérez/Perez");
    names(
        Country.IT,
        "Giulia Marco Francesca Niccolò/Niccolo Chiara Luca",
        "Rossi Russo Bianchi Esposito Ferrari Romano");
    names(
        Country.NL,
        "Daan Sanne Joris Fleur Bram Eva",
        "de_Vries/deVries Jansen van_den_Berg/vandenBerg Bakker Visser Smit");
    names(
        Country.PL,
        "Łukasz/Lukasz Zofia Wojciech Małgorzata/Malgorzata Krzysztof Agnieszka",
        "Nowak Kowalski Wiśniewski/Wisniewski Wójcik/Wojcik Kamiński/Kaminski Lewandowski");
    names(
        Country.SE,
        "Björn/Bjorn Åsa/Asa Erik Linnéa/Linnea Lars Ingrid",
        "Andersson Johansson Lindström/Lindstrom Nilsson Öberg/Oberg Karlsson");
    names(
        Country.JP,
        "太郎/Taro 花子/Hanako 翔太/Shota 美咲/Misaki 健/Ken 結衣/Yui",
        "山田/Yamada 佐藤/Sato 鈴木/Suzuki 高橋/Takahashi 田中/Tanaka 伊藤/Ito");
  }

  private static final List<String> DOMAINS =
      List.of("example.com", "mail.example", "post.example.org", "inbox.example.net");

  private Names() {}

  private static void names(Country country, String first, String last) {
    FIRST.put(country, List.of(first.split(" ")));
    LAST.put(country, List.of(last.split(" ")));
  }

  static Person person(Rng rng, Country country) {
    String first = rng.pick(FIRST.get(country));
    String last = rng.pick(LAST.get(country));
    String given = shown(first);
    String family = shown(last);
    return new Person(display(rng, country, given, family), given, family, local(first, last));
  }

  /** The same given name with another family name, as after a marriage; same e-mail. */
  static Person renamed(Rng rng, Country country, Person person) {
    String family = shown(rng.pick(LAST.get(country)));
    return new Person(
        display(rng, country, person.given(), family), person.given(), family, person.emailLocal());
  }

  static String email(Rng rng, Person person, int number) {
    String address = person.emailLocal() + number + "@" + rng.pick(DOMAINS);
    // Mixed case is valid; silver stores e-mails lower-cased.
    return rng.chance(0.1)
        ? Character.toUpperCase(address.charAt(0)) + address.substring(1)
        : address;
  }

  private static String display(Rng rng, Country country, String given, String family) {
    if (country == Country.JP) {
      return family + " " + given;
    }
    double roll = rng.nextDouble();
    if (roll < 0.01) {
      return family + ", " + given;
    }
    if (roll < 0.015) {
      return given + " \"" + given.substring(0, 1) + family.substring(0, 1) + "\" " + family;
    }
    if (roll < 0.018) {
      return given + "\n" + family;
    }
    return given + " " + family;
  }

  private static String shown(String pair) {
    int slash = pair.indexOf('/');
    return (slash < 0 ? pair : pair.substring(0, slash)).replace('_', ' ');
  }

  private static String local(String first, String last) {
    return (ascii(first) + "." + ascii(last)).toLowerCase(Locale.ROOT).replace("'", "");
  }

  private static String ascii(String pair) {
    int slash = pair.indexOf('/');
    return (slash < 0 ? pair : pair.substring(slash + 1)).replace("_", "");
  }
}
