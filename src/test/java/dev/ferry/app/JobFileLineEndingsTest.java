package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job file saved on Windows (CRLF line endings), in a folder whose name has spaces and non-ASCII
 * letters, reads exactly like the same file with LF endings, errors included.
 */
class JobFileLineEndingsTest {
  private static final String JOB =
      """
      version: 1   # a comment at the end of a line
      source:
        url: jdbc:postgresql://db.example.com:5432/tienda
        user: analista
        zone: America/Mexico_City
      mapping:
        promotion_overrides:
          "42": {value: miércoles}
      target:
        uri: mongodb://localhost:27017
        database: tienda
        collection: pedidos
      """;

  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("Trabajos de Zoë Álvarez"));
    Path file = folder.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void crlfYamlReadsLikeLf() throws Exception {
    JobFile lf = JobFile.read(write("pedidos lf.yaml", JOB));
    JobFile crlf = JobFile.read(write("pedidos crlf.yaml", JOB.replace("\n", "\r\n")));

    assertThat(crlf).isEqualTo(lf);
    assertThat(crlf.source().user()).contains("analista");
    assertThat(crlf.target().collection()).isEqualTo("pedidos");
    assertThat(crlf.mapping().promotionOverrides().get("42").value()).contains("miércoles");
  }

  @Test
  void crlfJsonReadsLikeLf() throws Exception {
    String json = "{\n  \"version\": 1,\n  \"target\": {\n    \"database\": \"tienda\"\n  }\n}\n";
    JobFile lf = JobFile.read(write("job.json", json));
    JobFile crlf = JobFile.read(write("job crlf.json", json.replace("\n", "\r\n")));

    assertThat(crlf).isEqualTo(lf);
    assertThat(crlf.target().database()).contains("tienda");
  }

  @Test
  void anErrorInACrlfFileNamesTheSameLine() throws Exception {
    String bad = JOB.replace("  collection: pedidos", "  colection: pedidos");
    Path lf = write("bad lf.yaml", bad);
    Path crlf = write("bad crlf.yaml", bad.replace("\n", "\r\n"));

    String lfMessage = messageOf(lf);
    assertThat(lfMessage).contains("line 12").contains("colection");
    assertThat(messageOf(crlf)).isEqualTo(lfMessage.replace("bad lf.yaml", "bad crlf.yaml"));
  }

  private static String messageOf(Path file) {
    try {
      JobFile.read(file);
    } catch (JobFileException e) {
      return e.getMessage();
    }
    assertThatThrownBy(() -> JobFile.read(file)).isInstanceOf(JobFileException.class);
    throw new AssertionError("unreachable");
  }
}
