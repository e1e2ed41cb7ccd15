package io.strata.pipelines;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and a server certificate it signed, made for a test by the JDK's own
 * keytool: the CA's certificate ({@link #rootCertificate}), the server's certificate and its
 * unencrypted PKCS-8 key in PEM files, as PostgreSQL and Kafka read them.
 */
public record TestCertificates(Path rootCertificate, Path serverCertificate, Path serverKey) {
  private static final String PASSWORD = "test-only-keystore";

  /**
   * Generates them in {@code dir}; the server certificate names {@code dnsNames} only (no IP
   * address), so a client that reaches the server by another name must refuse it.
   */
  public static TestCertificates generate(Path dir, String... dnsNames) throws Exception {
    Files.createDirectories(dir);
    Path ca = dir.resolve("ca.p12");
    Path server = dir.resolve("server.p12");
    Files.deleteIfExists(ca);
    Files.deleteIfExists(server);
    keyPair(ca, "ca", "CN=Strata test CA", "-ext", "bc:c");
    Path root = dir.resolve("root.crt");
    Files.write(
        root, keytool(null, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString()));
    keyPair(server, "server", "CN=" + dnsNames[0]);
    byte[] request = keytool(null, "-certreq", "-alias", "server", "-keystore", server.toString());
    List<String> san = new ArrayList<>();
    for (String name : dnsNames) {
      san.add("dns:" + name);
    }
    Path serverCrt = dir.resolve("server.crt");
    Files.write(
        serverCrt,
        keytool(
            request,
            "-gencert",
            "-rfc",
            "-alias",
            "ca",
            "-validity",
            "2",
            "-keystore",
            ca.toString(),
            "-ext",
            "SAN=" + String.join(",", san),
            "-ext",
            "ku:c=digitalSignature,keyEncipherment",
            "-ext",
            "eku=serverAuth"));
    Path serverKey = dir.resolve("server.key");
    Files.deleteIfExists(serverKey);
    Files.createFile(
        serverKey,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(serverKey, pem("PRIVATE KEY", privateKey(server, "server").getEncoded()));
    return new TestCertificates(root, serverCrt, serverKey);
  }

  /**
   * The server's key followed by its certificate, in one PEM file: what Kafka's PEM key store
   * reads.
   */
  public Path serverKeyAndCertificate() throws IOException {
    Path both = serverKey.resolveSibling("server-key-and-certificate.pem");
    Files.writeString(both, Files.readString(serverKey) + Files.readString(serverCertificate));
    return both;
  }

  /** A 2048-bit RSA key pair under {@code alias} in {@code store}, valid for two days. */
  private static void keyPair(Path store, String alias, String dname, String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                dname,
                "-keystore",
                store.toString()));
    args.addAll(List.of(more));
    keytool(null, args.toArray(String[]::new));
  }

  private static Key privateKey(Path keystore, String alias)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks.getKey(alias, PASSWORD.toCharArray());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** Runs keytool with {@code stdin}; returns its standard output, or fails with its words. */
  private static byte[] keytool(byte[] stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12", "-noprompt"));
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin);
    }
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("keytool " + args[0] + " failed: " + err);
    }
    return out;
  }
}
