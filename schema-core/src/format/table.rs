//! Column alignment inside a block, the way `prisma format` lays out fields, enum values and config properties.
//!
//! A block body is a list of lines. Cell rows (`name Type @attr`, `key = value`) are aligned column by column
//! within a *section*: a run of lines not interrupted by a blank line. Comment lines sit between rows without
//! breaking the section and without counting towards column widths. Trailing `//` comments are not aligned:
//! they follow the last non-empty cell of their row after one space.

/// One line of a block body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Line {
    /// Cells to align, and an optional trailing comment (with its `//` or `///` marker).
    Row {
        cells: Vec<String>,
        comment: Option<String>,
    },
    /// Text written as is at the block's indentation (comment lines, block attributes).
    Text(String),
    /// An empty line. It ends the current alignment section.
    Blank,
}

impl Line {
    pub(crate) fn row(cells: Vec<String>, comment: Option<String>) -> Line {
        Line::Row { cells, comment }
    }
}

/// Renders lines at `indent`, each followed by `\n`; blank lines are written empty (no indentation).
pub(crate) fn render_lines(lines: &[Line], indent: &str, out: &mut String) {
    let mut section_start = 0;
    while section_start < lines.len() {
        let section_end = lines[section_start..]
            .iter()
            .position(|l| matches!(l, Line::Blank))
            .map_or(lines.len(), |p| section_start + p);
        render_section(&lines[section_start..section_end], indent, out);
        if section_end < lines.len() {
            out.push('\n');
        }
        section_start = section_end + 1;
    }
}

/// Column widths are computed over the rows of one section only.
fn render_section(lines: &[Line], indent: &str, out: &mut String) {
    let mut widths: Vec<usize> = Vec::new();
    for line in lines {
        if let Line::Row { cells, .. } = line {
            if widths.len() < cells.len() {
                widths.resize(cells.len(), 0);
            }
            for (w, cell) in widths.iter_mut().zip(cells) {
                *w = (*w).max(text_width(cell));
            }
        }
    }
    for line in lines {
        out.push_str(indent);
        match line {
            Line::Row { cells, comment } => render_row(cells, comment.as_deref(), &widths, out),
            Line::Text(text) => out.push_str(text),
            Line::Blank => {}
        }
        out.push('\n');
    }
}

/// Every cell before the last non-empty one is padded to its column width plus one space; the last is not, so
/// rows never end in spaces.
fn render_row(cells: &[String], comment: Option<&str>, widths: &[usize], out: &mut String) {
    let last = cells.iter().rposition(|c| !c.is_empty());
    if let Some(last) = last {
        for (i, cell) in cells[..=last].iter().enumerate() {
            out.push_str(cell);
            if i < last {
                let pad = widths[i] - text_width(cell) + 1;
                out.push_str(&" ".repeat(pad));
            }
        }
    }
    if let Some(comment) = comment {
        if last.is_some() {
            out.push(' ');
        }
        out.push_str(comment);
    }
}

/// Width in bytes: Prisma measures cells with `str::len`, so a non-ASCII cell pads its column by its UTF-8
/// length, and matching its output means doing the same.
fn text_width(s: &str) -> usize {
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Line {
        Line::row(cells.iter().map(|c| c.to_string()).collect(), None)
    }

    fn render(lines: &[Line]) -> String {
        let mut out = String::new();
        render_lines(lines, "  ", &mut out);
        out
    }

    #[test]
    fn aligns_columns_within_a_section() {
        let lines = [
            row(&["id", "Int", "@id"]),
            row(&["email", "String?", "@unique"]),
        ];
        assert_eq!(
            render(&lines),
            "  id    Int     @id\n  email String? @unique\n"
        );
    }

    #[test]
    fn empty_trailing_cells_leave_no_trailing_spaces_but_count_for_widths() {
        let lines = [
            row(&["provider", "SubscriptionProvider", ""]),
            row(&["id", "Int", "@id"]),
        ];
        assert_eq!(
            render(&lines),
            "  provider SubscriptionProvider\n  id       Int                  @id\n"
        );
    }

    #[test]
    fn blank_lines_start_a_new_section() {
        let lines = [
            row(&["a", "Int"]),
            row(&["bbbb", "Int"]),
            Line::Blank,
            row(&["c", "Int"]),
        ];
        assert_eq!(render(&lines), "  a    Int\n  bbbb Int\n\n  c Int\n");
    }

    #[test]
    fn comment_lines_do_not_break_or_widen_a_section() {
        let lines = [
            row(&["a", "Int"]),
            Line::Text("// a long comment line".into()),
            row(&["bbbb", "Int"]),
        ];
        assert_eq!(
            render(&lines),
            "  a    Int\n  // a long comment line\n  bbbb Int\n"
        );
    }

    #[test]
    fn trailing_comments_follow_the_last_cell_unaligned() {
        let lines = [
            Line::row(
                vec!["storeId".into(), "String".into(), "".into()],
                Some("// fk".into()),
            ),
            row(&["store", "Store", "@relation"]),
            row(&["images", "Image[]", ""]),
        ];
        assert_eq!(
            render(&lines),
            "  storeId String // fk\n  store   Store   @relation\n  images  Image[]\n"
        );
    }

    #[test]
    fn widths_count_utf8_bytes() {
        let lines = [row(&["é", "Int"]), row(&["ab", "Int"]), row(&["a", "Int"])];
        assert_eq!(render(&lines), "  é Int\n  ab Int\n  a  Int\n");
    }
}
