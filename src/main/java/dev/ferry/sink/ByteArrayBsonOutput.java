package dev.ferry.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.bson.ByteBuf;
import org.bson.ByteBufNIO;
import org.bson.io.OutputBuffer;

/**
 * A BSON output on one growable byte array, for encoding documents that are copied out whole.
 *
 * <p>Why not the library's {@code BasicOutputBuffer}: it writes a string byte by byte through a
 * bounds-checked {@code ByteBuffer}, which profiling showed as the largest single cost of a first
 * load. Here an ASCII string (uids, most names) is copied in one loop; any other string takes the
 * library's own path, so the bytes are the library's exactly (its treatment of unpaired surrogates
 * included).
 */
final class ByteArrayBsonOutput extends OutputBuffer {
  private byte[] bytes;
  private int position;

  ByteArrayBsonOutput(int capacity) {
    bytes = new byte[capacity];
  }

  /** The bytes written so far, copied. */
  byte[] copy() {
    return Arrays.copyOf(bytes, position);
  }

  /** Forgets what was written, keeping the array for the next document. */
  void reset() {
    position = 0;
  }

  /** Writes {@code value} (little-endian) over the four bytes written at {@code at}. */
  void patchInt32(int at, int value) {
    if (at < 0 || at + 4 > position) {
      throw new IllegalArgumentException(
          "bytes " + at + " to " + (at + 3) + " are outside the " + position + " written");
    }
    bytes[at] = (byte) value;
    bytes[at + 1] = (byte) (value >> 8);
    bytes[at + 2] = (byte) (value >> 16);
    bytes[at + 3] = (byte) (value >> 24);
  }

  /** The size of the array kept between documents. */
  int capacity() {
    return bytes.length;
  }

  @Override
  public void writeBytes(byte[] source, int offset, int length) {
    ensure(length);
    System.arraycopy(source, offset, bytes, position, length);
    position += length;
  }

  @Override
  public void writeByte(int value) {
    ensure(1);
    bytes[position++] = (byte) value;
  }

  @Override
  protected void write(int absolutePosition, int value) {
    if (absolutePosition < 0 || absolutePosition >= position) {
      throw new IllegalArgumentException(
          "position " + absolutePosition + " is outside the " + position + " bytes written");
    }
    bytes[absolutePosition] = (byte) value;
  }

  @Override
  protected int writeCharacters(String text, boolean checkForNullCharacters) {
    int length = text.length();
    ensure(length + 1);
    int start = position;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80 || (c == 0 && checkForNullCharacters)) {
        // Not plain ASCII (or a cstring with a null, which the library refuses with its message).
        position = start;
        return super.writeCharacters(text, checkForNullCharacters);
      }
      bytes[position++] = (byte) c;
    }
    bytes[position++] = 0;
    return length + 1;
  }

  @Override
  public int getPosition() {
    return position;
  }

  @Override
  public int getSize() {
    return position;
  }

  @Override
  public int pipe(OutputStream out) throws IOException {
    out.write(bytes, 0, position);
    return position;
  }

  @Override
  public List<ByteBuf> getByteBuffers() {
    return List.of(new ByteBufNIO(ByteBuffer.wrap(copy())));
  }

  @Override
  public void truncateToPosition(int newPosition) {
    if (newPosition < 0 || newPosition > position) {
      throw new IllegalArgumentException(
          "cannot truncate " + position + " bytes to " + newPosition);
    }
    position = newPosition;
  }

  private void ensure(int more) {
    int need = position + more;
    if (need > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(need, bytes.length * 2));
    }
  }
}
