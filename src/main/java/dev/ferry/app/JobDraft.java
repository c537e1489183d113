package dev.ferry.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A job file typed into a form rather than read from disk: the form's values, as a tree of maps in
 * the job file's shape, judged by {@link JobFile}'s own reader.
 *
 * <p>Contract: the values are taken as typed (strings where the file would hold numbers), so every
 * message is the one the CLI would give for the same file; since the document has no lines of its
 * own, the message leaves out the line number and starts with the key (e.g. {@code source.zone
 * "Mars/Olympus" is not a time zone; ...}).
 */
public final class JobDraft {
  private static final String NAME = "the job file";
  private static final Pattern LINE_PREFIX = Pattern.compile("^" + NAME + " line \\d+: ");
  private static final ObjectMapper JSON = new ObjectMapper();

  private JobDraft() {}

  /**
   * The complete job file {@code document} describes.
   *
   * @throws JobFileException with JobFile's message (without a line number), also for a placeholder
   *     still open
   */
  public static JobFile parse(Map<String, ?> document) {
    return read(document, false);
  }

  /** The job file {@code document} describes, with a placeholder for each choice still open. */
  public static JobFile parseDraft(Map<String, ?> document) {
    return read(document, true);
  }

  private static JobFile read(Map<String, ?> document, boolean draft) {
    Objects.requireNonNull(document, "document");
    String text;
    try {
      text = JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the job document", e);
    }
    try {
      return draft ? JobFile.parseDraft(text, true, NAME) : JobFile.parse(text, true, NAME);
    } catch (JobFileException e) {
      // The draft is no file: its line numbers point nowhere, but the key still says where.
      JobFileException inMemory =
          new JobFileException(
              LINE_PREFIX.matcher(e.getMessage()).replaceFirst(""),
              Optional.empty(),
              OptionalInt.empty(),
              e.key());
      inMemory.initCause(e);
      throw inMemory;
    }
  }
}
