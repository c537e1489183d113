package dev.ferry.ui.preview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ui.preview.PreviewViewModel.Token;
import dev.ferry.ui.preview.PreviewViewModel.TokenKind;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Breaking the preview's document lines to a width: a continuation never starts at column 0. */
class JsonLinesTest {

  private static String wrapped(String json, int columns) {
    return JsonLines.wrap(PreviewViewModel.tokens(json), columns).stream()
        .map(Token::text)
        .collect(Collectors.joining());
  }

  /** ¶ stands for a line break in the table, which CSV cannot hold. */
  @ParameterizedTest(name = "{0} at {1} columns")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        // fits: unchanged
        "  \"n\": 3,|20|  \"n\": 3,",
        // the value goes below its key, indented past it (not at column 0)
        "  \"date_of_order\": ISODate(\"2026-11-23T10:15:30.123Z\"),|45|"
            + "  \"date_of_order\": ¶      ISODate(\"2026-11-23T10:15:30.123Z\"),",
        // text breaks at its spaces, each continuation at the same deeper indent
        "    \"name\": \"Cafe de olla con canela\",|22|"
            + "    \"name\": \"Cafe de ¶        olla con ¶        canela\",",
        // a rest that misses by little moves left (one level past its line) instead of breaking
        "    \"uid\": \"0123456789abcdef\",|26|    \"uid\": ¶       \"0123456789abcdef\",",
        // a value without spaces is cut where nothing else fits
        "\"_id\": \"abcdefghijklmnopqrstuvwxyz\"|12|"
            + "\"_id\": ¶    \"abcdefg¶    hijklmno¶    pqrstuvw¶    xyz\"",
        // lines that fit stay as they are around one that does not
        "{¶  \"s\": \"a b c d e f\"¶}|12|{¶  \"s\": \"a b ¶    c d e f\"¶}",
      })
  void aLineTooLongForThePaneContinuesIndentedDeeperThanItsKey(
      String json, int columns, String expected) {
    assertThat(wrapped(json.replace('¶', '\n'), columns)).isEqualTo(expected.replace('¶', '\n'));
  }

  @Test
  void noContinuationStartsLeftOfItsLineAndNoLineIsLongerThanTheWidth() {
    String json =
        "{\r\n  \"_id\": \"o-1\",\r\n  \"date_of_order\": ISODate(\"2026-11-23T10:15:30.123Z\"),"
            + "\r\n  \"order_items\": [\r\n    {\r\n      \"price\": NumberDecimal(\"10.50\"),"
            + "\r\n      \"name\": \"Tortilla de maiz azul, paquete de 30 piezas\"\r\n    }\r\n  ]"
            + "\r\n}";
    String text = wrapped(json, 44);
    List<String> lines = text.lines().toList();

    assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(44));
    assertThat(lines)
        .filteredOn(line -> !line.equals("{") && !line.equals("}"))
        .allSatisfy(line -> assertThat(line).startsWith("  "));
    assertThat(lines)
        .containsSubsequence(
            "  \"date_of_order\": ", "      ISODate(\"2026-11-23T10:15:30.123Z\"),");
    // Only line breaks and indentation were added: every other character kept, in order.
    assertThat(text.replaceAll("\\s+", "")).isEqualTo(json.replaceAll("\\s+", ""));
  }

  @Test
  void breakingKeepsEachCharactersHighlighting() {
    String json = "{\n  \"date_of_order\": ISODate(\"2026-11-23T10:15:30.123Z\")\n}";

    assertThat(JsonLines.wrap(PreviewViewModel.tokens(json), 30))
        .containsSubsequence(
            new Token(TokenKind.KEY, "\"date_of_order\""),
            new Token(TokenKind.PUNCTUATION, ": \n      "),
            new Token(TokenKind.BSON_TYPE, "ISODate"),
            new Token(TokenKind.PUNCTUATION, "("),
            new Token(TokenKind.STRING, "\"2026-11-23T10:1"),
            new Token(TokenKind.PUNCTUATION, "\n      "),
            new Token(TokenKind.STRING, "5:30.123Z\""));
  }
}
