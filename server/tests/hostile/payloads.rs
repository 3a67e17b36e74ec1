//! What a hostile caller sends: markup and script, hidden and reordering characters,
//! boundary numbers and dates, and text that trips parsers.

/// Markup that runs script wherever it is drawn unescaped: each sets `window.__pwned`.
pub const SCRIPTS: &[&str] = &[
    "<img src=x onerror=\"window.__pwned=1\">",
    "\"><script>window.__pwned=1</script>",
    "'><svg onload=\"window.__pwned=1\">",
    "\" autofocus onfocus=\"window.__pwned=1\" x=\"",
    "</textarea><script>window.__pwned=1</script>",
    "</title><img src=x onerror=\"window.__pwned=1\">",
    "javascript:window.__pwned=1",
    "<a href=\"javascript:window.__pwned=1\">open</a>",
];

/// Text that is not markup but is hostile all the same.
pub const TEXTS: &[&str] = &[
    // Right-to-left override, isolates and zero-width characters.
    "Sam\u{202E}txt.exe",
    "\u{2066}Ali\u{2069}\u{202D}Hasan",
    "Jo\u{200B}\u{200C}\u{200D}\u{FEFF}Reid",
    "\u{200B}",
    "\u{00A0}\u{2028}\u{2029}",
    // Case changes that change length, combining marks, wide and astral characters.
    "İSTANBUL ǅ ß ﬃ",
    "Zoë Ó Súilleabháin",
    "e\u{0301}\u{0301}\u{0301}\u{0301}\u{0301}\u{0301}",
    "👩‍👩‍👧‍👦🏳️‍🌈",
    "９４３ ４７６ ５９１９",
    "٣٤٥",
    // Control characters.
    "a\u{0000}b",
    "bell\u{0007}",
    "line\r\nbreak",
    "\t=cmd|' /C calc'!A0",
    // Spreadsheet formulas, SQL and paths.
    "=HYPERLINK(\"http://example.invalid\",\"x\")",
    "+1+1",
    "-2",
    "@SUM(A1)",
    "' OR '1'='1",
    "'; DROP TABLE people; --",
    "%_\\",
    "../../../../etc/passwd",
    "%2e%2e%2f%00",
    // Lookalikes of the app's own codes and ids.
    "RED",
    " red ",
    "null",
    "undefined",
    "[object Object]",
    "__proto__",
    "",
    " ",
];

/// Numbers at and past the edges, and number-like text.
pub const NUMBERS: &[&str] = &[
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "2147483648",
    "-1",
    "0",
    "-0",
    "1",
    "2",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "1.5",
    "0x10",
    "+1",
    " 7 ",
    "1_000",
    "٣",
    "",
];

/// Dates at the edges, as (day, month, year).
pub const DATES: &[(&str, &str, &str)] = &[
    ("1", "1", "0000"),
    ("31", "12", "9999"),
    ("30", "2", "2024"),
    ("29", "2", "2024"),
    ("29", "2", "2023"),
    ("31", "4", "2025"),
    ("0", "0", "0"),
    ("1", "13", "2020"),
    ("-1", "-1", "-1"),
    ("1", "1", "262143"),
    ("1", "1", "-262144"),
    ("99999999999", "1", "2020"),
    ("1", "1", "1899"),
    ("1", "1", "1900"),
    ("", "", ""),
    ("x", "y", "z"),
];

/// Bytes that are not UTF-8: a lone continuation byte, an overlong encoding, a UTF-16
/// surrogate, a cut-off sequence, and bytes that never appear in UTF-8.
pub const NOT_UTF8: &[&[u8]] = &[
    b"\x80",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"Sam\xe2\x82",
    b"\xff\xfe",
    b"\xf8\x88\x80\x80\x80",
];

/// Field names that probe the form decoder.
pub const FIELD_NAMES: &[&str] = &[
    "__proto__",
    "constructor[prototype]",
    "a[b][c][d][e][f][g][h][i][j][k][l][m][n][o][p][q][r][s][t][u][v][w][x][y][z]",
    "x[]",
    "x[0][0]",
    "[",
    "]",
    "",
    "version[]",
    "%00",
    "query[q][q]",
];
