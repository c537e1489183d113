package dev.ferry.engine;

/** Why a connection attempt to the source or the target failed, so callers can react per class. */
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
  /** Anything else; the message carries the server's or driver's reason. */
  OTHER
}
