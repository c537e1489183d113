package dev.ferry.app;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Named connection profiles in the user's configuration directory ({@code profiles.properties}).
 *
 * <p>Contract: a profile never holds a password or a passphrase — {@link Profile} has no field for
 * one, and a password found in a MongoDB connection string is removed before saving. It may name an
 * environment variable to read the PostgreSQL password from instead. Saving writes a temporary file
 * and moves it into place, so a crash never leaves a half-written file. Blocking file I/O: call it
 * off the UI thread.
 */
public final class ConnectionProfiles {
  /** The file name inside the configuration directory. */
  public static final String FILE = "profiles.properties";

  private static final Pattern USERINFO_PASSWORD =
      Pattern.compile("^(mongodb(?:\\+srv)?://[^:/@]*):[^@/]*@");

  private final Path file;

  /** Profiles stored in {@code directory}/{@value #FILE}. */
  public ConnectionProfiles(Path directory) {
    this.file = Objects.requireNonNull(directory, "directory").resolve(FILE);
  }

  /** Profiles in the default configuration directory. */
  public static ConnectionProfiles inConfigDirectory() {
    return new ConnectionProfiles(FerryDirectories.config());
  }

  /**
   * One saved profile.
   *
   * @param name the profile's name
   * @param postgresUrl the source URL, without credentials
   * @param postgresUser the source user
   * @param postgresPasswordVariable an environment variable holding the source password, or ""
   * @param mongoUri the target connection string, without a password
   * @param mongoDatabase the target database
   * @param mongoCollection the target collection
   * @param sshEnabled whether the source is reached through SSH
   * @param sshHost the SSH server
   * @param sshPort the SSH port
   * @param sshUser the SSH user, or ""
   * @param sshKeyFile the private key file, or ""
   * @param sshKnownHosts the known_hosts file, or ""
   * @param timeouts the bounds on every wait of the job (a job file's {@code timeouts})
   */
  public record Profile(
      String name,
      String postgresUrl,
      String postgresUser,
      String postgresPasswordVariable,
      String mongoUri,
      String mongoDatabase,
      String mongoCollection,
      boolean sshEnabled,
      String sshHost,
      int sshPort,
      String sshUser,
      String sshKeyFile,
      String sshKnownHosts,
      Timeouts timeouts) {
    public Profile {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || name.contains("\n")) {
        throw new IllegalArgumentException("A profile needs a name on one line.");
      }
      postgresUrl = Objects.requireNonNullElse(postgresUrl, "");
      postgresUser = Objects.requireNonNullElse(postgresUser, "");
      postgresPasswordVariable = Objects.requireNonNullElse(postgresPasswordVariable, "");
      mongoUri = withoutPassword(Objects.requireNonNullElse(mongoUri, ""));
      mongoDatabase = Objects.requireNonNullElse(mongoDatabase, "");
      mongoCollection = Objects.requireNonNullElse(mongoCollection, "");
      sshHost = Objects.requireNonNullElse(sshHost, "");
      sshUser = Objects.requireNonNullElse(sshUser, "");
      sshKeyFile = Objects.requireNonNullElse(sshKeyFile, "");
      sshKnownHosts = Objects.requireNonNullElse(sshKnownHosts, "");
      timeouts = Objects.requireNonNullElse(timeouts, Timeouts.DEFAULTS);
    }

    /** A profile with the default timeouts. */
    public Profile(
        String name,
        String postgresUrl,
        String postgresUser,
        String postgresPasswordVariable,
        String mongoUri,
        String mongoDatabase,
        String mongoCollection,
        boolean sshEnabled,
        String sshHost,
        int sshPort,
        String sshUser,
        String sshKeyFile,
        String sshKnownHosts) {
      this(
          name,
          postgresUrl,
          postgresUser,
          postgresPasswordVariable,
          mongoUri,
          mongoDatabase,
          mongoCollection,
          sshEnabled,
          sshHost,
          sshPort,
          sshUser,
          sshKeyFile,
          sshKnownHosts,
          Timeouts.DEFAULTS);
    }
  }

  /** A MongoDB URI with the password of its user information removed (the user name stays). */
  public static String withoutPassword(String uri) {
    return USERINFO_PASSWORD.matcher(uri).replaceFirst("$1@");
  }

  /** Every saved profile, by name. */
  public List<Profile> load() {
    Properties p = read();
    TreeSet<String> names = new TreeSet<>();
    for (String key : p.stringPropertyNames()) {
      int dot = key.lastIndexOf('.');
      if (key.startsWith("profile.") && dot > "profile.".length()) {
        names.add(key.substring("profile.".length(), dot));
      }
    }
    List<Profile> profiles = new ArrayList<>();
    for (String name : names) {
      String k = "profile." + name + ".";
      profiles.add(
          new Profile(
              name,
              p.getProperty(k + "postgresUrl"),
              p.getProperty(k + "postgresUser"),
              p.getProperty(k + "postgresPasswordVariable"),
              p.getProperty(k + "mongoUri"),
              p.getProperty(k + "mongoDatabase"),
              p.getProperty(k + "mongoCollection"),
              Boolean.parseBoolean(p.getProperty(k + "sshEnabled")),
              p.getProperty(k + "sshHost"),
              parsePort(p.getProperty(k + "sshPort")),
              p.getProperty(k + "sshUser"),
              p.getProperty(k + "sshKeyFile"),
              p.getProperty(k + "sshKnownHosts"),
              timeouts(p, k)));
    }
    return profiles;
  }

  /** The profile named {@code name}, if saved. */
  public Optional<Profile> find(String name) {
    return load().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Saves {@code profile}, replacing one of the same name. */
  public void save(Profile profile) {
    Properties p = read();
    remove(p, profile.name());
    Map<String, String> values = new LinkedHashMap<>();
    values.put("postgresUrl", profile.postgresUrl());
    values.put("postgresUser", profile.postgresUser());
    values.put("postgresPasswordVariable", profile.postgresPasswordVariable());
    values.put("mongoUri", profile.mongoUri());
    values.put("mongoDatabase", profile.mongoDatabase());
    values.put("mongoCollection", profile.mongoCollection());
    values.put("sshEnabled", Boolean.toString(profile.sshEnabled()));
    values.put("sshHost", profile.sshHost());
    values.put("sshPort", Integer.toString(profile.sshPort()));
    values.put("sshUser", profile.sshUser());
    values.put("sshKeyFile", profile.sshKeyFile());
    values.put("sshKnownHosts", profile.sshKnownHosts());
    Timeouts t = profile.timeouts();
    values.put("timeoutConnect", Timeouts.format(t.connect()));
    values.put("timeoutRead", Timeouts.format(t.read()));
    values.put("timeoutServerSelection", Timeouts.format(t.serverSelection()));
    values.put("timeoutQuery", Timeouts.format(t.query()));
    values.forEach((key, value) -> p.setProperty("profile." + profile.name() + "." + key, value));
    write(p);
  }

  /** Deletes the profile named {@code name}, if saved. */
  public void delete(String name) {
    Properties p = read();
    remove(p, name);
    write(p);
  }

  private static void remove(Properties p, String name) {
    String prefix = "profile." + name + ".";
    p.stringPropertyNames().stream().filter(k -> k.startsWith(prefix)).forEach(p::remove);
  }

  /**
   * The profile's timeouts; one missing (a profile saved before they were) or unreadable (edited by
   * hand) is its default, so a profile always loads.
   */
  private static Timeouts timeouts(Properties p, String prefix) {
    Timeouts d = Timeouts.DEFAULTS;
    try {
      return new Timeouts(
          duration(p.getProperty(prefix + "timeoutConnect"), d.connect()),
          duration(p.getProperty(prefix + "timeoutRead"), d.read()),
          duration(p.getProperty(prefix + "timeoutServerSelection"), d.serverSelection()),
          duration(p.getProperty(prefix + "timeoutQuery"), d.query()));
    } catch (IllegalArgumentException e) {
      return d;
    }
  }

  private static Duration duration(String value, Duration fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Timeouts.parse(value);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }

  private static int parsePort(String value) {
    try {
      return value == null ? 22 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 22;
    }
  }

  private Properties read() {
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("could not read the profiles in " + file, e);
      }
    }
    return p;
  }

  private void write(Properties p) {
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(FILE + ".tmp");
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        p.store(out, "Ferry connection profiles (no passwords are stored here)");
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not save the profiles in " + file, e);
    }
  }
}
