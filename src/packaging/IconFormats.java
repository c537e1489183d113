import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Wraps the 256x256 PNG icon in the containers jpackage wants on Windows ({@code .ico}) and macOS
 * ({@code .icns}); both formats may hold PNG data as is. Run after RenderIcon:
 * {@code java src/packaging/IconFormats.java src/packaging/ferry.png}, which writes ferry.ico and
 * ferry.icns next to the PNG; they are committed so the build never needs to run this.
 */
public final class IconFormats {
  private IconFormats() {}

  public static void main(String[] args) throws Exception {
    Path png = Path.of(args.length > 0 ? args[0] : "src/packaging/ferry.png");
    byte[] image = Files.readAllBytes(png);
    String base = png.getFileName().toString().replaceFirst("\\.png$", "");
    Files.write(png.resolveSibling(base + ".ico"), ico(image));
    Files.write(png.resolveSibling(base + ".icns"), icns(image));
  }

  /** ICONDIR with one entry (0 = 256 px) pointing at the PNG right after it. */
  static byte[] ico(byte[] png) {
    ByteBuffer out = ByteBuffer.allocate(6 + 16 + png.length).order(ByteOrder.LITTLE_ENDIAN);
    out.putShort((short) 0).putShort((short) 1).putShort((short) 1);
    out.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    out.putShort((short) 1).putShort((short) 32).putInt(png.length).putInt(6 + 16);
    out.put(png);
    return out.array();
  }

  /** An icns file with the PNG as its 256x256 ('ic08') image; macOS scales it for other sizes. */
  static byte[] icns(byte[] png) throws Exception {
    ByteArrayOutputStream entries = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(entries);
    data.writeBytes("ic08");
    data.writeInt(8 + png.length);
    data.write(png);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(file);
    out.writeBytes("icns");
    out.writeInt(8 + entries.size());
    out.write(entries.toByteArray());
    return file.toByteArray();
  }
}
