import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Renders Ferry's application icon (256x256 PNG) used by jpackage: a ferry on a wave inside a
 * rounded blue square. Kept as source so that the icon can be changed and re-rendered with
 * {@code java src/packaging/RenderIcon.java src/packaging/ferry.png}; the PNG is committed so the
 * build never needs to run this.
 */
public final class RenderIcon {
  private RenderIcon() {}

  public static void main(String[] args) throws Exception {
    int size = 256;
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);

    // Background: rounded square, deep blue to teal (PostgreSQL blue towards MongoDB green).
    RoundRectangle2D tile = new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56);
    g.setPaint(
        new GradientPaint(0, 8, new Color(0x1E, 0x4E, 0x8C), 0, 248, new Color(0x12, 0x8C, 0x7E)));
    g.fill(tile);

    Color white = new Color(0xFF, 0xFF, 0xFF);
    // Funnel and cabin.
    g.setColor(white);
    g.fillRoundRect(112, 62, 26, 34, 6, 6);
    g.fillRoundRect(82, 92, 100, 34, 10, 10);
    // Cabin windows cut out in the background colour.
    g.setColor(new Color(0x1B, 0x66, 0x88));
    for (int x = 94; x <= 158; x += 22) {
      g.fillRoundRect(x, 101, 14, 14, 5, 5);
    }
    // Hull: a trapezoid with a raised bow on the right.
    Path2D hull = new Path2D.Double();
    hull.moveTo(52, 132);
    hull.lineTo(212, 132);
    hull.lineTo(190, 170);
    hull.lineTo(74, 170);
    hull.closePath();
    g.setColor(white);
    g.fill(hull);

    // Two waves under the hull.
    g.setStroke(new BasicStroke(9f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.setColor(new Color(0xFF, 0xFF, 0xFF, 230));
    g.draw(wave(40, 192, 176));
    g.setColor(new Color(0xFF, 0xFF, 0xFF, 140));
    g.draw(wave(64, 214, 128));
    g.dispose();
    ImageIO.write(image, "png", new File(args.length > 0 ? args[0] : "ferry.png"));
  }

  private static Path2D wave(double x, double y, double width) {
    Path2D path = new Path2D.Double();
    path.moveTo(x, y);
    double step = width / 4;
    for (int i = 0; i < 4; i++) {
      double x0 = x + i * step;
      path.curveTo(x0 + step / 4, y - 8, x0 + 3 * step / 4, y - 8, x0 + step, y);
      i++;
      if (i < 4) {
        double x1 = x + i * step;
        path.curveTo(x1 + step / 4, y + 8, x1 + 3 * step / 4, y + 8, x1 + step, y);
      }
    }
    return path;
  }
}
