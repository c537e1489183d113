package dev.ferry.ui.shell;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The window's remembered state: size, position, maximised, theme, last screen and last profile,
 * stored in {@code window.properties} in the configuration directory.
 *
 * <p>Contract: {@link #load} never fails (a missing or broken file gives the defaults); {@link
 * #save} writes atomically. Both do file I/O: call them off the FX thread (the application loads in
 * {@code init()}, which runs on the launcher thread, and saves through the executor).
 *
 * @param x left edge, or NaN for centred
 * @param y top edge, or NaN for centred
 * @param width window width
 * @param height window height
 * @param maximized whether the window was maximised
 * @param dark whether the dark theme was chosen
 * @param lastProfile the profile used last, or ""
 */
public record WindowPreferences(
    double x,
    double y,
    double width,
    double height,
    boolean maximized,
    boolean dark,
    String lastProfile) {

  /** The file name inside the configuration directory. */
  public static final String FILE = "window.properties";

  /** The defaults: 1280×800, centred, light. */
  public static WindowPreferences defaults() {
    return new WindowPreferences(Double.NaN, Double.NaN, 1280, 800, false, false, "");
  }

  /** Reads the preferences from {@code directory}, or the defaults. */
  public static WindowPreferences load(Path directory) {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return defaults();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
      return new WindowPreferences(
          Double.parseDouble(p.getProperty("x", "NaN")),
          Double.parseDouble(p.getProperty("y", "NaN")),
          Math.max(640, Double.parseDouble(p.getProperty("width", "1280"))),
          Math.max(480, Double.parseDouble(p.getProperty("height", "800"))),
          Boolean.parseBoolean(p.getProperty("maximized")),
          Boolean.parseBoolean(p.getProperty("dark")),
          p.getProperty("lastProfile", ""));
    } catch (IOException | RuntimeException e) {
      return defaults();
    }
  }

  /** Writes the preferences into {@code directory}. */
  public void save(Path directory) {
    Properties p = new Properties();
    p.setProperty("x", Double.toString(x));
    p.setProperty("y", Double.toString(y));
    p.setProperty("width", Double.toString(width));
    p.setProperty("height", Double.toString(height));
    p.setProperty("maximized", Boolean.toString(maximized));
    p.setProperty("dark", Boolean.toString(dark));
    p.setProperty("lastProfile", lastProfile == null ? "" : lastProfile);
    try {
      Files.createDirectories(directory);
      Path temp = directory.resolve(FILE + ".tmp");
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        p.store(out, "Ferry window state");
      }
      Files.move(
          temp,
          directory.resolve(FILE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not save the window state in " + directory, e);
    }
  }
}
