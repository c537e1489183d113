package dev.ferry;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JavaFX's native libraries for macOS, chosen by processor before JavaFX starts.
 *
 * <p>Why: the jar carries JavaFX for Windows, Linux and both kinds of Mac. Windows and Linux
 * libraries sit at the jar's root, where JavaFX looks for them, but the Intel and Apple-silicon
 * builds have the same file names ({@code libglass.dylib}, …), so the jar keeps them under {@value
 * #FOLDER}{@code mac-x64/} and {@value #FOLDER}{@code mac-aarch64/}. On a Mac, {@link #prepare}
 * copies this machine's set into a cache directory and puts it first on {@code java.library.path},
 * where JavaFX's loader looks when the jar's root has none.
 *
 * <p>Contract: does nothing on other systems, when not started from a jar, or when the jar has no
 * such folder (an installer's jar is already made for its machine). Files already in the cache with
 * the same bytes are kept; others are replaced atomically, so two starts at once are safe.
 */
final class MacNatives {
  /** The folder of the jar that holds one sub-folder per macOS processor. */
  static final String FOLDER = "natives/";

  private static final Logger LOG = LoggerFactory.getLogger(MacNatives.class);

  private MacNatives() {}

  /** Prepares the native libraries for this process; see the class description. */
  static void prepare() {
    Optional<String> folder =
        folderFor(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    Optional<Path> jar = runningJar();
    if (folder.isEmpty() || jar.isEmpty()) {
      return;
    }
    Path cache =
        Path.of(System.getProperty("user.home"), "Library", "Caches", "Ferry", "javafx")
            .resolve(folder.get());
    try {
      if (install(jar.get(), folder.get(), cache).isEmpty()) {
        return;
      }
    } catch (IOException e) {
      // JavaFX then fails with its own message about the missing library.
      LOG.warn("could not unpack JavaFX's native libraries into {}: {}", cache, e.toString());
      return;
    }
    String current = System.getProperty("java.library.path", "");
    System.setProperty(
        "java.library.path",
        current.isEmpty() ? cache.toString() : cache + File.pathSeparator + current);
  }

  /**
   * The jar folder for a system: {@code mac-aarch64} or {@code mac-x64} on macOS (by {@code
   * os.name} and {@code os.arch}), nothing elsewhere.
   */
  static Optional<String> folderFor(String osName, String osArch) {
    if (!osName.toLowerCase(Locale.ROOT).startsWith("mac")) {
      return Optional.empty();
    }
    return switch (osArch.toLowerCase(Locale.ROOT)) {
      case "aarch64", "arm64" -> Optional.of("mac-aarch64");
      case "x86_64", "amd64" -> Optional.of("mac-x64");
      default -> Optional.empty();
    };
  }

  /**
   * Copies the files of {@code natives/<folder>/} in {@code jar} into {@code directory}.
   *
   * @return the files now in {@code directory}, none when the jar has no such folder
   */
  static List<Path> install(Path jar, String folder, Path directory) throws IOException {
    String prefix = FOLDER + folder + "/";
    List<Path> installed = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (entry.isDirectory()
            || !name.startsWith(prefix)
            || name.indexOf('/', prefix.length()) >= 0) {
          continue;
        }
        byte[] content;
        try (InputStream in = file.getInputStream(entry)) {
          content = in.readAllBytes();
        }
        Files.createDirectories(directory);
        Path target = directory.resolve(name.substring(prefix.length()));
        if (!sameContent(target, content)) {
          Path temporary = Files.createTempFile(directory, ".unpacking-", ".tmp");
          try {
            Files.write(temporary, content);
            Files.move(
                temporary,
                target,
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
          } finally {
            Files.deleteIfExists(temporary);
          }
        }
        installed.add(target);
      }
    }
    if (!installed.isEmpty()) {
      LOG.debug("JavaFX native libraries for {} in {}", folder, directory);
    }
    return installed;
  }

  private static boolean sameContent(Path file, byte[] content) throws IOException {
    return Files.isRegularFile(file)
        && Files.size(file) == content.length
        && Arrays.equals(Files.readAllBytes(file), content);
  }

  private static Optional<Path> runningJar() {
    try {
      var source = MacNatives.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      Path location = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
    } catch (URISyntaxException | RuntimeException e) {
      // Not a file (e.g. a custom class loader): nothing to prepare.
      return Optional.empty();
    }
  }
}
