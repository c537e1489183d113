package dev.ferry.ui.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The file names Ferry proposes when it saves, and what a typed name means.
 *
 * <p>Contract: pure (no file is touched except {@link #resolve}'s look at the folder). A proposed
 * name says which client database it is for — {@code ferry-shop-analysis.md}, {@code
 * shop.ferry.yaml} — so that files saved for several clients side by side are told apart; any
 * character of the database name that some file system refuses becomes {@code -}.
 */
public final class FileNames {
  private FileNames() {}

  /** The proposed name of an exported analysis, e.g. {@code ferry-shop-analysis.md}. */
  public static String analysis(String database, String extension) {
    String part = part(database);
    return (part.isEmpty() ? "ferry" : "ferry-" + part) + "-analysis." + extension;
  }

  /** The proposed name of a job file, e.g. {@code shop.ferry.yaml}. */
  public static String jobFile(String database) {
    String part = part(database);
    return (part.isEmpty() ? "ferry-job" : part) + ".ferry.yaml";
  }

  /**
   * {@code name} as a piece of a file name: letters (any script), digits, {@code .}, {@code _} and
   * {@code -} stay; anything else (slashes, colons, spaces, quotes) becomes one {@code -}; no
   * leading or trailing dots or dashes (a leading dot hides a file on Unix).
   */
  static String part(String name) {
    if (name == null) {
      return "";
    }
    String safe = name.strip().replaceAll("[^\\p{L}\\p{N}._-]+", "-");
    return safe.replaceAll("^[.-]+|[.-]+$", "");
  }

  /**
   * The file a save dialog's folder and typed name stand for: {@code defaultExtension} is added
   * when the name ends in none of {@code extensions}.
   *
   * @throws IllegalArgumentException with a sentence when the folder or the name cannot be used
   */
  public static Path resolve(
      String folder, String name, String defaultExtension, List<String> extensions) {
    String dir = folder == null ? "" : folder.strip();
    String file = name == null ? "" : name.strip();
    if (dir.isEmpty()) {
      throw new IllegalArgumentException("Enter the folder to save in.");
    }
    Path directory =
        Path.of(dir.startsWith("~") ? System.getProperty("user.home") + dir.substring(1) : dir);
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("The folder " + directory + " does not exist.");
    }
    if (file.isEmpty()) {
      throw new IllegalArgumentException("Enter a file name.");
    }
    if (file.contains("/") || file.contains("\\")) {
      throw new IllegalArgumentException(
          "Enter the file name without a folder; the folder goes in the field above.");
    }
    if (file.equals(".") || file.equals("..")) {
      throw new IllegalArgumentException("Enter a file name.");
    }
    String lower = file.toLowerCase(Locale.ROOT);
    boolean known =
        extensions.stream().anyMatch(e -> lower.endsWith("." + e.toLowerCase(Locale.ROOT)));
    return directory.resolve(known ? file : file + "." + defaultExtension);
  }
}
