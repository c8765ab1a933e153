//! Delimited text as ACD exports write it (CSV, TSV or semicolon-separated), read with the `csv`
//! crate, plus the two mappings that let ccsim read an export as it is:
//!
//! - [`ColumnMap`] — `--columns offered=Calls,interval_start=DateTime`: ccsim's column name on the
//!   left, the export's header on the right. Unmapped columns are looked up by ccsim's own name.
//!   Header matching ignores case and surrounding spaces.
//! - [`ValueMap`] — `--values outcome:AGENT=answered,HANG=abandoned,PHANTOM=skip`: per column, the
//!   export's value on the left, ccsim's on the right. A `column:` prefix applies to the pairs that
//!   follow it until the next prefix.

use crate::error::InputError;

/// ccsim column name → the export's header name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    pairs: Vec<(String, String)>,
}

impl ColumnMap {
    /// Parses `name=Header,name=Header` (the `--columns` option; may be given several times, joined
    /// with commas). `known` lists the column names the file kind has; any other name is an error.
    pub fn parse(specs: &[String], known: &[&str]) -> Result<Self, InputError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for item in specs
            .iter()
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let Some((name, header)) = item.split_once('=') else {
                return Err(InputError::option(
                    "--columns",
                    item,
                    "expected NAME=HEADER, e.g. offered=Calls",
                ));
            };
            let (name, header) = (name.trim(), header.trim());
            if !known.contains(&name) {
                return Err(InputError::option(
                    "--columns",
                    item,
                    format!(
                        "unknown column `{name}`; the columns of this file kind are: {}",
                        known.join(", ")
                    ),
                ));
            }
            if header.is_empty() {
                return Err(InputError::option(
                    "--columns",
                    item,
                    "the header name after `=` is empty",
                ));
            }
            if pairs.iter().any(|(n, _)| n == name) {
                return Err(InputError::option(
                    "--columns",
                    item,
                    format!("`{name}` is mapped twice"),
                ));
            }
            pairs.push((name.to_string(), header.to_string()));
        }
        Ok(ColumnMap { pairs })
    }

    /// The header the export uses for ccsim's column `name`.
    pub fn header_for<'a>(&'a self, name: &'a str) -> &'a str {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map_or(name, |(_, h)| h.as_str())
    }

    /// Whether `name` was mapped explicitly.
    pub fn is_mapped(&self, name: &str) -> bool {
        self.pairs.iter().any(|(n, _)| n == name)
    }
}

/// Per column: the export's value → ccsim's value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueMap {
    entries: Vec<(String, String, String)>,
}

impl ValueMap {
    /// Parses `column:FROM=to,FROM=to,column:FROM=to` (the `--values` option; may be given several
    /// times). `known` lists the column names whose values may be mapped.
    pub fn parse(specs: &[String], known: &[&str]) -> Result<Self, InputError> {
        let mut entries = Vec::new();
        for spec in specs {
            let mut column: Option<String> = None;
            for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let pair = match item.split_once(':') {
                    Some((col, rest)) if !col.contains('=') => {
                        let col = col.trim();
                        if !known.contains(&col) {
                            return Err(InputError::option(
                                "--values",
                                item,
                                format!(
                                    "unknown column `{col}`; values can be mapped for: {}",
                                    known.join(", ")
                                ),
                            ));
                        }
                        column = Some(col.to_string());
                        rest
                    }
                    _ => item,
                };
                let Some(col) = &column else {
                    return Err(InputError::option(
                        "--values",
                        item,
                        "start with the column, e.g. outcome:AGENT=answered,HANG=abandoned",
                    ));
                };
                let Some((from, to)) = pair.split_once('=') else {
                    return Err(InputError::option(
                        "--values",
                        item,
                        "expected FROM=TO, e.g. AGENT=answered",
                    ));
                };
                entries.push((col.clone(), from.trim().to_string(), to.trim().to_string()));
            }
        }
        Ok(ValueMap { entries })
    }

    /// The value ccsim reads for `raw` in `column` (unchanged when unmapped).
    pub fn map<'a>(&'a self, column: &str, raw: &'a str) -> &'a str {
        let raw = raw.trim();
        self.entries
            .iter()
            .find(|(c, from, _)| c == column && from == raw)
            .map_or(raw, |(_, _, to)| to.as_str())
    }
}

/// A parsed delimited file: its header and rows, each row with its 1-based line number.
#[derive(Debug, Clone)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<(usize, csv::StringRecord)>,
}

impl Table {
    /// Reads `text`, choosing the delimiter from the header line: a tab if it has one, else `;` if it
    /// has one and no comma, else `,`. Blank lines are skipped; a row with a different number of
    /// fields than the header is an error with its line.
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let delimiter = if first.contains('\t') {
            b'\t'
        } else if first.contains(';') && !first.contains(',') {
            b';'
        } else {
            b','
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| InputError::file(format!("cannot read the header line: {e}")))?
            .iter()
            .map(str::to_string)
            .collect();
        if headers.iter().all(String::is_empty) {
            return Err(InputError::file(
                "the file is empty: a header line is expected",
            ));
        }
        // Line numbers come from byte offsets: the csv crate does not count the blank lines it skips.
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        // A record's position is where the reader resumed, before the blank lines it then skipped.
        let bytes = text.as_bytes();
        let line_of = |byte: u64| {
            let mut at = byte as usize;
            while at < bytes.len() && matches!(bytes[at], b'\n' | b'\r') {
                at += 1;
            }
            line_starts.partition_point(|&s| s <= at)
        };
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| match e.position() {
                Some(p) => InputError::line(
                    line_of(p.byte()),
                    format!("cannot read the row: {}", e.kind_message()),
                ),
                None => InputError::file(format!("cannot read the file: {e}")),
            })?;
            let line = record.position().map_or(0, |p| line_of(p.byte()));
            if record.iter().all(str::is_empty) {
                continue;
            }
            rows.push((line, record));
        }
        Ok(Table { headers, rows })
    }

    /// The header names as written.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The rows with their line numbers.
    pub fn rows(&self) -> impl Iterator<Item = (usize, &csv::StringRecord)> {
        self.rows.iter().map(|(l, r)| (*l, r))
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the file has no data rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Finds ccsim's column `name` through `map`: `Ok(Some(index))`, `Ok(None)` when the column is
    /// optional and absent, an error naming the header when it is required (or mapped) but absent.
    pub fn find(
        &self,
        map: &ColumnMap,
        name: &str,
        required: bool,
    ) -> Result<Option<Column>, InputError> {
        let header = map.header_for(name);
        let found = self
            .headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(header.trim()));
        match found {
            Some(index) => Ok(Some(Column {
                index,
                header: self.headers[index].clone(),
            })),
            None if required || map.is_mapped(name) => Err(InputError::file(format!(
                "column `{header}` ({name}) not found; the header has: {}{}",
                self.headers.join(", "),
                if map.is_mapped(name) {
                    String::new()
                } else {
                    format!("; map it with --columns {name}=HEADER")
                }
            ))),
            None => Ok(None),
        }
    }
}

/// A located column: its index in each row and its header as written (for messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub index: usize,
    pub header: String,
}

impl Column {
    /// The cell of this column in `row`.
    pub fn cell<'a>(&self, row: &'a csv::StringRecord) -> &'a str {
        row.get(self.index).unwrap_or("")
    }
}

trait KindMessage {
    fn kind_message(&self) -> String;
}

impl KindMessage for csv::Error {
    fn kind_message(&self) -> String {
        match self.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => {
                format!("{len} fields where the header has {expected_len}")
            }
            csv::ErrorKind::Utf8 { .. } => "the text is not valid UTF-8".to_string(),
            _ => self.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &["interval_start", "contact_type", "offered", "outcome"];

    #[test]
    fn column_map_parses_and_names_unknown_columns() {
        let map =
            ColumnMap::parse(&["offered=Calls, interval_start=DateTime".into()], KNOWN).unwrap();
        assert_eq!(map.header_for("offered"), "Calls");
        assert_eq!(map.header_for("contact_type"), "contact_type");
        let err = ColumnMap::parse(&["ofered=Calls".into()], KNOWN).unwrap_err();
        assert!(err.to_string().contains("unknown column `ofered`"), "{err}");
        assert!(ColumnMap::parse(&["offered".into()], KNOWN).is_err());
        assert!(ColumnMap::parse(&["offered=A,offered=B".into()], KNOWN).is_err());
    }

    #[test]
    fn value_map_applies_per_column() {
        let specs = ["outcome:AGENT=answered,HANG=abandoned,contact_type:PS=retail".to_string()];
        let map = ValueMap::parse(&specs, KNOWN).unwrap();
        assert_eq!(map.map("outcome", "AGENT"), "answered");
        assert_eq!(map.map("outcome", " HANG "), "abandoned");
        assert_eq!(map.map("outcome", "PS"), "PS");
        assert_eq!(map.map("contact_type", "PS"), "retail");
        assert!(ValueMap::parse(&["AGENT=answered".into()], KNOWN).is_err());
        assert!(ValueMap::parse(&["colour:RED=red".into()], KNOWN).is_err());
    }

    #[test]
    fn table_sniffs_delimiters_and_reports_lines() {
        for text in [
            "a,b\n1,2\n\n3,4\n",
            "a\tb\n1\t2\n\n3\t4\n",
            "a;b\n1;2\n\n3;4\n",
        ] {
            let t = Table::parse(text).unwrap();
            assert_eq!(t.headers(), ["a", "b"]);
            let lines: Vec<usize> = t.rows().map(|(l, _)| l).collect();
            assert_eq!(lines, [2, 4]);
        }
        let err = Table::parse("a,b\n1,2\n1,2,3\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(
            err.to_string().contains("3 fields where the header has 2"),
            "{err}"
        );
        assert!(Table::parse("").is_err());
    }

    #[test]
    fn find_resolves_mapped_and_missing_columns() {
        let t = Table::parse("DateTime,Calls\n2024-01-01T00:00,3\n").unwrap();
        let map =
            ColumnMap::parse(&["offered=calls,interval_start=DateTime".into()], KNOWN).unwrap();
        assert_eq!(t.find(&map, "offered", true).unwrap().unwrap().index, 1);
        assert_eq!(t.find(&map, "contact_type", false).unwrap(), None);
        let err = t.find(&ColumnMap::default(), "offered", true).unwrap_err();
        assert!(
            err.to_string().contains("--columns offered=HEADER"),
            "{err}"
        );
    }
}
