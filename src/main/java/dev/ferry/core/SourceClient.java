package dev.ferry.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A client row as read from the source.
 *
 * @param uid the client's id, as text (uuid, text or integer ids all become strings)
 * @param name the client's name, if any
 * @param address the client's address, if any
 * @param promotion the raw promotion day or date, exactly as stored (interpreted by {@link
 *     PromotionDay#parse})
 */
public record SourceClient(
    String uid, Optional<String> name, Optional<String> address, Optional<String> promotion) {
  public SourceClient {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(promotion, "promotion");
  }
}
