//! CSV files that open cleanly in Excel: UTF-8 with a byte-order mark, CRLF line ends, a
//! header row, fields quoted when they need it, and no cell that a spreadsheet would run
//! as a formula.

use super::wire::FigureTable;

/// The byte-order mark Excel needs to read UTF-8.
pub const BOM: &str = "\u{feff}";

/// `value` as one CSV field: a value a spreadsheet would take as a formula (starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, and a field
/// holding a comma, a semicolon, a quote or a line break is quoted with its quotes doubled.
pub fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    // A semicolon too: Excel in a locale whose separator it is would split the field there.
    if value.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// A whole file: `header`, then each of `rows`.
pub fn file(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from(BOM);
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        out.push_str(&cells.collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    };
    line(&mut header.iter().map(|h| field(h)));
    for row in rows {
        line(&mut row.iter().map(|c| field(c)));
    }
    out
}

/// A table of figures as a file: the row label, then each column's value as text (a
/// suppressed count reads "fewer than N").
pub fn of_table(table: &FigureTable, below: Option<i64>) -> String {
    let mut header: Vec<&str> = vec![table.rows_are.as_str()];
    header.extend(table.columns.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| {
            std::iter::once(r.key.clone().unwrap_or_else(|| r.label.clone()))
                .chain(r.cells.iter().map(|c| c.text(below)))
                .collect()
        })
        .collect();
    file(&header, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a file back as a spreadsheet would: records of fields (RFC 4180).
    fn parse(text: &str) -> Vec<Vec<String>> {
        let text = text.strip_prefix(BOM).expect("starts with a BOM");
        let mut records = Vec::new();
        let mut record = Vec::new();
        let mut value = String::new();
        let mut quoted = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    value.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => value.push(c),
                (false, '"') => quoted = true,
                (false, ',') => record.push(std::mem::take(&mut value)),
                (false, '\r') => {
                    assert_eq!(chars.next(), Some('\n'), "CR is followed by LF");
                    record.push(std::mem::take(&mut value));
                    records.push(std::mem::take(&mut record));
                }
                (false, '\n') => panic!("a bare LF ends a line"),
                (false, c) => value.push(c),
            }
        }
        assert!(
            value.is_empty() && record.is_empty(),
            "the file ends with CRLF"
        );
        records
    }

    #[test]
    fn a_file_reads_back_with_its_header_and_every_awkward_value() {
        let awkward = [
            "plain",
            "comma, inside",
            "a \"quoted\" word",
            "two\r\nlines",
            "Zoë Ó Súilleabháin",
            "",
        ];
        let rows: Vec<Vec<String>> = awkward
            .iter()
            .map(|v| vec![(*v).to_owned(), "1".into()])
            .collect();
        let text = file(&["Name", "Count"], &rows);
        assert!(text.starts_with("\u{feff}Name,Count\r\n"));
        let back = parse(&text);
        assert_eq!(back[0], ["Name", "Count"]);
        for (row, v) in back[1..].iter().zip(awkward) {
            assert_eq!(row, &[v.to_owned(), "1".to_owned()]);
        }
    }

    #[test]
    fn formulas_are_neutralised() {
        for (given, kept) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+1", "'+1+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
            ("a=b", "a=b"),
        ] {
            let back = parse(&file(&["V"], &[vec![given.to_owned()]]));
            assert_eq!(back[1][0], kept, "{given:?}");
        }
        // Where Excel splits on semicolons, a field holding one stays whole, so no
        // formula can start after it.
        assert_eq!(field("a;=1+1;b"), "\"a;=1+1;b\"");
    }
}
