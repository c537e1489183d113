package dev.ferry.ui.view;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Cell;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * The screens' one rule against cut-off text at the window's smallest supported size (1280×800): no
 * button, check box or one-line label shrinks below the width of its text (a layout that runs out
 * of room must wrap a label or scroll, never print "Analy…"), a wrapping label grows as tall as its
 * lines, and no table column shrinks below its header.
 *
 * <p>Contract: applied once to a freshly loaded screen ({@link Fxml#load}); sizes set explicitly in
 * the FXML or the view are left alone. Labels whose text is long and changes (status lines,
 * messages) must wrap (set in their FXML), since a one-line label that may not shrink would
 * overflow its row instead.
 */
public final class Layouts {
  /** The headers' font (bold, the theme's size): their text's width is a column's minimum. */
  private static final Font HEADER = Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, 14);

  /** Padding and sort arrow of a column header, beside its text. */
  private static final double HEADER_PADDING = 26;

  private Layouts() {}

  /** Applies the rule to {@code root} and everything under it. */
  public static void neverCut(Node root) {
    if (root instanceof Cell<?>) {
      return;
    }
    if (root instanceof Labeled labeled) {
      if (labeled.isWrapText()) {
        if (labeled.getMinHeight() == Region.USE_COMPUTED_SIZE) {
          labeled.setMinHeight(Region.USE_PREF_SIZE);
        }
      } else if (labeled.getMinWidth() == Region.USE_COMPUTED_SIZE) {
        labeled.setMinWidth(Region.USE_PREF_SIZE);
      }
    } else if (root instanceof ButtonBase || root instanceof ComboBoxBase<?>) {
      Region region = (Region) root;
      if (region.getMinWidth() == Region.USE_COMPUTED_SIZE) {
        region.setMinWidth(Region.USE_PREF_SIZE);
      }
    }
    if (root instanceof TableView<?> table) {
      table.getColumns().forEach(Layouts::headerFits);
      Node placeholder = table.getPlaceholder();
      if (placeholder != null) {
        neverCut(placeholder);
      }
    } else if (root instanceof TreeTableView<?> table) {
      table.getColumns().forEach(Layouts::headerFits);
    }
    if (root instanceof TabPane tabs) {
      for (Tab tab : tabs.getTabs()) {
        if (tab.getContent() != null) {
          neverCut(tab.getContent());
        }
      }
    } else if (root instanceof ScrollPane scroll && scroll.getContent() != null) {
      neverCut(scroll.getContent());
    } else if (root instanceof SplitPane split) {
      split.getItems().forEach(Layouts::neverCut);
    } else if (root instanceof Parent parent) {
      parent.getChildrenUnmodifiable().forEach(Layouts::neverCut);
    }
  }

  /**
   * Makes {@code column} show its whole text: a cell wraps at spaces and line breaks and its row
   * grows (the table must not use a fixed cell size), instead of ending in an ellipsis.
   */
  public static <S> void wrapping(TableColumn<S, String> column) {
    column.setCellFactory(
        c ->
            new TableCell<>() {
              {
                setWrapText(true);
                setMinHeight(Region.USE_PREF_SIZE);
              }

              @Override
              protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
              }

              // A row asks its cells for their height without a width; the column's width is
              // the one the text wraps at.
              @Override
              protected double computePrefHeight(double width) {
                TableColumn<S, String> own = getTableColumn();
                return super.computePrefHeight(width < 0 && own != null ? own.getWidth() : width);
              }
            });
  }

  /** A column (and its nested columns) never narrower than its header's text. */
  public static void headerFits(TableColumnBase<?, ?> column) {
    String title = column.getText();
    if (title != null && !title.isEmpty()) {
      Text text = new Text(title);
      text.setFont(HEADER);
      double width = Math.ceil(text.getLayoutBounds().getWidth()) + HEADER_PADDING;
      if (column.getMinWidth() < width) {
        column.setMinWidth(width);
      }
      if (column.getPrefWidth() < width) {
        column.setPrefWidth(width);
      }
    }
    column.getColumns().forEach(Layouts::headerFits);
  }
}
