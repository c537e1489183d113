package dev.ferry.source;

/**
 * The source database does not have the tables or columns Ferry needs, or has them with types it
 * cannot read faithfully.
 *
 * <p>Contract: the message is one sentence naming everything that is missing or unusable and what
 * was found instead, so the user can fix the schema name or ask for the right database in one go.
 */
public class SourceSchemaException extends SourceException {
  private static final long serialVersionUID = 1L;

  public SourceSchemaException(String message) {
    super(message);
  }
}
