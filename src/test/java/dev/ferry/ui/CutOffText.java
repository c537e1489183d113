package dev.ferry.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.text.Text;

/**
 * Finds text the window shows cut off: a {@link Labeled} whose skin shows less than its text (an
 * ellipsis, or wrapped lines that do not fit its height), or that runs past the window's right
 * edge.
 *
 * <p>Rows of lists, tables and trees hold data of any length and scroll; they are checked only in
 * the controls named (by id) where the full text matters on screen.
 */
final class CutOffText {
  private CutOffText() {}

  /** What is cut under {@code root}, one line each ("Label#id 'text' shown as 'Te…'"). */
  static List<String> in(Parent root, Set<String> checkedRowsOf) {
    List<String> cut = new ArrayList<>();
    double right = root.getScene().getWidth();
    visit(root, right, checkedRowsOf, false, false, Double.NaN, cut);
    return cut;
  }

  private static void visit(
      Node node,
      double right,
      Set<String> checkedRowsOf,
      boolean inRows,
      boolean scrolls,
      double rowsRight,
      List<String> cut) {
    if (!node.isVisible()) {
      return;
    }
    boolean rows = inRows;
    boolean scrolled = scrolls || node instanceof ScrollPane;
    String type = node.getClass().getSimpleName();
    double visibleRight = rowsRight;
    if (type.equals("TableHeaderRow")) {
      // A wide table's headers scroll sideways with its rows.
      scrolled = true;
    }
    if (type.equals("VirtualFlow")) {
      rows = !owned(node, checkedRowsOf);
      scrolled = true;
      visibleRight = node.localToScene(node.getLayoutBounds()).getMaxX();
    }
    if (!rows && node instanceof Labeled labeled) {
      String text = labeled.getText();
      if (text != null && !text.isBlank()) {
        for (Node child : labeled.getChildrenUnmodifiable()) {
          if (child instanceof Text shown
              && shown.isVisible()
              && !text.equals(shown.getText())
              && !text.replace('\n', ' ').equals(shown.getText())) {
            cut.add(describe(labeled) + " shown as '" + shown.getText() + "'");
          }
        }
        Bounds bounds = labeled.localToScene(labeled.getLayoutBounds());
        if (!scrolled && bounds.getMaxX() > right + 0.5) {
          cut.add(describe(labeled) + " runs past the window's edge (" + bounds.getMaxX() + ")");
        }
        // A row's text must end inside the visible part of its list (no sideways scrolling).
        if (!Double.isNaN(visibleRight) && bounds.getMaxX() > visibleRight + 0.5) {
          cut.add(describe(labeled) + " runs past the visible part of its list");
        }
      }
    }
    if (node instanceof Parent parent) {
      for (Node child : parent.getChildrenUnmodifiable()) {
        visit(child, right, checkedRowsOf, rows, scrolled, visibleRight, cut);
      }
    }
  }

  /** Whether the list, table or tree holding {@code flow} is one whose rows are checked. */
  private static boolean owned(Node flow, Set<String> checkedRowsOf) {
    for (Node n = flow.getParent(); n != null; n = n.getParent()) {
      if (n.getId() != null && checkedRowsOf.contains(n.getId())) {
        return true;
      }
      if (n instanceof javafx.scene.control.Control) {
        return false;
      }
    }
    return false;
  }

  private static String describe(Labeled labeled) {
    return labeled.getClass().getSimpleName()
        + (labeled.getId() == null ? "" : "#" + labeled.getId())
        + " '"
        + labeled.getText()
        + "'";
  }
}
