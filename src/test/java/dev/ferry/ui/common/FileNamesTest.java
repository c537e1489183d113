package dev.ferry.ui.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The names Ferry proposes when saving say which client database they are for. */
class FileNamesTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0} -> {1}, {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "shop | ferry-shop-analysis.md | shop.ferry.yaml",
        "ferry_demo | ferry-ferry_demo-analysis.md | ferry_demo.ferry.yaml",
        "Tienda Norte | ferry-Tienda-Norte-analysis.md | Tienda-Norte.ferry.yaml",
        "clientes/2024:mx | ferry-clientes-2024-mx-analysis.md | clientes-2024-mx.ferry.yaml",
        "pão_de_açúcar | ferry-pão_de_açúcar-analysis.md | pão_de_açúcar.ferry.yaml",
        ".hidden. | ferry-hidden-analysis.md | hidden.ferry.yaml",
        "'' | ferry-analysis.md | ferry-job.ferry.yaml",
        "'///' | ferry-analysis.md | ferry-job.ferry.yaml",
      })
  void aProposedNameNamesTheDatabaseWithCharactersEveryFileSystemTakes(
      String database, String analysis, String jobFile) {
    assertThat(FileNames.analysis(database, "md")).isEqualTo(analysis);
    assertThat(FileNames.jobFile(database)).isEqualTo(jobFile);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "shop.ferry.yaml, shop.ferry.yaml",
    "shop.json, shop.json",
    "shop.YML, shop.YML",
    "shop, shop.yaml",
    "' shop ', shop.yaml",
  })
  void aTypedNameKeepsAKnownExtensionAndGetsTheDefaultOtherwise(String typed, String file) {
    assertThat(FileNames.resolve(dir.toString(), typed, "yaml", List.of("yaml", "yml", "json")))
        .isEqualTo(dir.resolve(file));
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | a.md | Enter the folder to save in.",
        "%s | '' | Enter a file name.",
        "%s | .. | Enter a file name.",
        "%s | sub/a.md | Enter the file name without a folder; the folder goes in the field above.",
        "%s/missing | a.md | The folder %s/missing does not exist.",
      })
  void whatCannotBeSavedIsSaidInASentence(String folder, String name, String sentence) {
    assertThatThrownBy(() -> FileNames.resolve(folder.formatted(dir), name, "md", List.of("md")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(sentence.formatted(dir));
  }

  @Test
  void aTildeMeansTheHomeFolder() throws Exception {
    Path home = Path.of(System.getProperty("user.home"));
    if (Files.isDirectory(home)) {
      assertThat(FileNames.resolve("~", "a", "md", List.of("md"))).isEqualTo(home.resolve("a.md"));
    }
  }
}
