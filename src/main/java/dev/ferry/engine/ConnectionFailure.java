package dev.ferry.engine;

/**
 * Why talking to the source or the target failed — a connection attempt or, for the target, an
 * operation on an open connection — so callers can react per class.
 */
public enum ConnectionFailure {
  /** Nothing listens at host:port (connection refused, no route). */
  REFUSED,
  /** The server rejected the credentials (or, for PostgreSQL, pg_hba.conf does not admit us). */
  AUTH_FAILED,
  /** The database named in the URL does not exist (PostgreSQL). */
  UNKNOWN_DATABASE,
  /** No answer within the timeout. */
  TIMEOUT,
  /** TLS could not be established as the settings demand. */
  TLS,
  /** A host name (or a mongodb+srv SRV record) does not resolve. */
  UNKNOWN_HOST,
  /** An open connection broke: the server or the network closed it. */
  CONNECTION_LOST,
  /** The server cannot take writes: not the primary of its replica set, or read-only. */
  NOT_WRITABLE,
  /** The server refused a write because its disk is full or a quota is exceeded. */
  STORAGE_FULL,
  /** A document is larger than the server accepts. */
  DOCUMENT_TOO_LARGE,
  /** Anything else; the message carries the server's or driver's reason. */
  OTHER
}
