package dev.ferry.ui.connections;

import javafx.beans.property.StringProperty;

/** The checks every form of the Connections screen makes, each failing with one sentence. */
final class Forms {
  private Forms() {}

  /** The stripped value; throws {@link IllegalArgumentException} with {@code sentence} if empty. */
  static String required(StringProperty property, String sentence) {
    String value = property.get() == null ? "" : property.get().strip();
    if (value.isEmpty()) {
      throw new IllegalArgumentException(sentence);
    }
    return value;
  }

  /** A port number from 1 to 65535; throws {@link IllegalArgumentException} naming {@code what}. */
  static int port(String text, String what) {
    try {
      int port = Integer.parseInt(text == null ? "" : text.strip());
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "The " + what + " port must be a number from 1 to 65535, not \"" + text + "\".", e);
    }
  }
}
