//! Contact records: one row per contact, as an ACD's call detail export holds them.
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `arrival` | yes | When the contact reached the queue: a local date-time, or with a `date` column a clock time |
//! | `date` | no | The day, with `--date-format` (e.g. `%y%m%d`); then `arrival` is a clock time `H:MM:SS` |
//! | `contact_type` | no | One type (`calls`) when absent |
//! | `wait_s` | yes | Seconds in the queue (≥ 0); 0 for contacts answered at once |
//! | `outcome` | yes | `answered`, `abandoned`, `blocked`, `deflected`; `skip` drops the row (counted) |
//! | `handle_s` | for answered | Talk seconds (≥ 0); ignored for other outcomes |
//! | `wrap_s` | no | After-contact work seconds (≥ 0) |
//! | `caller_id` | no | Who called (empty = unknown); for the redial share |
//! | `agent` | no | Who served (empty = unknown); for the staffing estimate |
//!
//! Quirks: an answered contact with a handle time of 0 is kept (counted in
//! [`Records::zero_handle`]); the handle-time fits leave it out of the parametric likelihoods
//! (a density at 0 is 0 or infinite) but keep it in the sample mean and the empirical
//! distribution. A handle time on an abandoned, blocked or deflected contact is ignored (counted
//! in [`Records::handle_ignored`]). Extra columns (e.g. the engine's `group`) are ignored.

use crate::error::InputError;
use crate::table::{Column, ColumnMap, Table, ValueMap};
use crate::timestamp::{parse_clock, parse_date, parse_datetime_with};
use chrono::{NaiveDateTime, TimeDelta};
use serde::Serialize;

/// ccsim's column names of a contact-records file (what `--columns` may map).
pub const RECORD_COLUMNS: &[&str] = &[
    "arrival",
    "date",
    "contact_type",
    "wait_s",
    "outcome",
    "handle_s",
    "wrap_s",
    "caller_id",
    "agent",
];

/// Columns whose values `--values` may map.
pub const RECORD_VALUE_COLUMNS: &[&str] = &["outcome", "contact_type", "caller_id", "agent"];

/// The contact type used when the file has no `contact_type` column.
pub const DEFAULT_TYPE: &str = "calls";

/// How a contact ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Answered,
    Abandoned,
    Blocked,
    Deflected,
}

const OUTCOMES_ALLOWED: &str = "answered, abandoned, blocked, deflected, or skip (drop the row)";

/// One contact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactRecord {
    /// Line of the file (for messages).
    pub line: usize,
    /// Local time the contact reached the queue.
    pub arrival: NaiveDateTime,
    pub contact_type: String,
    pub wait_s: f64,
    pub outcome: Outcome,
    /// Talk seconds of an answered contact.
    pub handle_s: Option<f64>,
    pub wrap_s: Option<f64>,
    pub caller_id: Option<String>,
    pub agent: Option<String>,
}

impl ContactRecord {
    /// Seconds from `origin` to the arrival.
    pub fn arrival_s(&self, origin: NaiveDateTime) -> f64 {
        seconds_between(origin, self.arrival)
    }
}

/// Seconds from `a` to `b`.
pub fn seconds_between(a: NaiveDateTime, b: NaiveDateTime) -> f64 {
    let d: TimeDelta = b - a;
    d.num_milliseconds() as f64 / 1000.0
}

/// How to read a records file.
#[derive(Debug, Clone, Default)]
pub struct RecordOptions {
    pub columns: ColumnMap,
    pub values: ValueMap,
    /// strftime format of the `date` column, or of `arrival` when there is no `date` column.
    pub date_format: Option<String>,
}

impl RecordOptions {
    /// From the CLI's / page's `--columns`, `--values` and `--date-format` texts.
    pub fn parse(
        columns: &[String],
        values: &[String],
        date_format: Option<&str>,
    ) -> Result<Self, InputError> {
        Ok(RecordOptions {
            columns: ColumnMap::parse(columns, RECORD_COLUMNS)?,
            values: ValueMap::parse(values, RECORD_VALUE_COLUMNS)?,
            date_format: date_format.map(str::to_string),
        })
    }
}

/// The contacts of a file, sorted by arrival, with the counts of what was dropped or ignored.
#[derive(Debug, Clone, Serialize)]
pub struct Records {
    pub records: Vec<ContactRecord>,
    /// Rows whose outcome mapped to `skip`.
    pub skipped: usize,
    /// Answered contacts with a handle time of 0.
    pub zero_handle: usize,
    /// Handle times given on contacts that were not answered (ignored).
    pub handle_ignored: usize,
    /// The file had no `contact_type` column (one type, [`DEFAULT_TYPE`]).
    pub single_type: bool,
    pub has_callers: bool,
    pub has_agents: bool,
}

struct Cols {
    arrival: Column,
    date: Option<Column>,
    contact_type: Option<Column>,
    wait: Column,
    outcome: Column,
    handle: Option<Column>,
    wrap: Option<Column>,
    caller: Option<Column>,
    agent: Option<Column>,
}

/// Parses contact records (see the module documentation).
pub fn parse_records(text: &str, options: &RecordOptions) -> Result<Records, InputError> {
    let table = Table::parse(text)?;
    let map = &options.columns;
    let find = |name: &str, required: bool| table.find(map, name, required);
    let cols = Cols {
        arrival: find("arrival", true)?.expect("required"),
        date: find("date", false)?,
        contact_type: find("contact_type", false)?,
        wait: find("wait_s", true)?.expect("required"),
        outcome: find("outcome", true)?.expect("required"),
        handle: find("handle_s", false)?,
        wrap: find("wrap_s", false)?,
        caller: find("caller_id", false)?,
        agent: find("agent", false)?,
    };
    let mut out = Records {
        records: Vec::with_capacity(table.len()),
        skipped: 0,
        zero_handle: 0,
        handle_ignored: 0,
        single_type: cols.contact_type.is_none(),
        has_callers: cols.caller.is_some(),
        has_agents: cols.agent.is_some(),
    };
    for (line, row) in table.rows() {
        let raw_outcome = cols.outcome.cell(row);
        let outcome = match options.values.map("outcome", raw_outcome) {
            "answered" => Outcome::Answered,
            "abandoned" => Outcome::Abandoned,
            "blocked" => Outcome::Blocked,
            "deflected" => Outcome::Deflected,
            "skip" => {
                out.skipped += 1;
                continue;
            }
            _ => {
                return Err(InputError::cell(
                    line,
                    &cols.outcome.header,
                    raw_outcome,
                    format!(
                    "unknown outcome; allowed: {OUTCOMES_ALLOWED}. Map the export's values with \
                         --values outcome:{}=answered,…",
                    if raw_outcome.is_empty() {
                        "VALUE"
                    } else {
                        raw_outcome.trim()
                    }
                ),
                ))
            }
        };
        let arrival = arrival(line, row, &cols, options)?;
        let contact_type = match &cols.contact_type {
            None => DEFAULT_TYPE.to_string(),
            Some(c) => {
                let v = options.values.map("contact_type", c.cell(row));
                if v.is_empty() {
                    return Err(InputError::cell(
                        line,
                        &c.header,
                        "",
                        "the contact type is empty; every row needs one (or drop the column for a single type)",
                    ));
                }
                v.to_string()
            }
        };
        let wait_s = seconds(line, &cols.wait, row)?.ok_or_else(|| {
            InputError::cell(
                line,
                &cols.wait.header,
                "",
                "the queue wait is empty; seconds ≥ 0 are expected (0 for contacts answered at once)",
            )
        })?;
        let handle = match &cols.handle {
            Some(c) => seconds(line, c, row)?,
            None => None,
        };
        let handle_s = match outcome {
            Outcome::Answered => {
                let h = handle.ok_or_else(|| match &cols.handle {
                    Some(c) => InputError::cell(
                        line,
                        &c.header,
                        "",
                        "an answered contact needs its handle time in seconds (≥ 0)",
                    ),
                    None => InputError::line(
                        line,
                        "an answered contact needs its handle time, but the file has no handle_s \
                         column; map it with --columns handle_s=HEADER",
                    ),
                })?;
                if h == 0.0 {
                    out.zero_handle += 1;
                }
                Some(h)
            }
            _ => {
                if handle.is_some_and(|h| h > 0.0) {
                    out.handle_ignored += 1;
                }
                None
            }
        };
        let wrap_s = match (&cols.wrap, outcome) {
            (Some(c), Outcome::Answered) => seconds(line, c, row)?,
            _ => None,
        };
        let id = |c: &Option<Column>, name: &str| {
            c.as_ref()
                .map(|c| options.values.map(name, c.cell(row)).to_string())
                .filter(|v| !v.is_empty())
        };
        out.records.push(ContactRecord {
            line,
            arrival,
            contact_type,
            wait_s,
            outcome,
            handle_s,
            wrap_s,
            caller_id: id(&cols.caller, "caller_id"),
            agent: id(&cols.agent, "agent"),
        });
    }
    if out.records.is_empty() {
        return Err(InputError::file(format!(
            "no contacts to read ({} rows skipped); the file needs at least one row that is not skipped",
            out.skipped
        )));
    }
    out.records
        .sort_by(|a, b| a.arrival.cmp(&b.arrival).then(a.line.cmp(&b.line)));
    Ok(out)
}

fn arrival(
    line: usize,
    row: &csv::StringRecord,
    cols: &Cols,
    options: &RecordOptions,
) -> Result<NaiveDateTime, InputError> {
    let text = cols.arrival.cell(row);
    let fmt = options.date_format.as_deref();
    match &cols.date {
        None => parse_datetime_with(text, fmt)
            .map_err(|m| InputError::cell(line, &cols.arrival.header, text, m)),
        Some(dc) => {
            let dtext = dc.cell(row);
            let date =
                parse_date(dtext, fmt).map_err(|m| InputError::cell(line, &dc.header, dtext, m))?;
            let secs = parse_clock(text).map_err(|m| {
                InputError::cell(
                    line,
                    &cols.arrival.header,
                    text,
                    format!("{m} (the file has a date column, so arrival is the time of day)"),
                )
            })?;
            let start = date.and_hms_opt(0, 0, 0).expect("midnight exists");
            Ok(start + TimeDelta::milliseconds((secs * 1000.0).round() as i64))
        }
    }
}

/// A number of seconds ≥ 0; `None` when the cell is empty.
fn seconds(line: usize, col: &Column, row: &csv::StringRecord) -> Result<Option<f64>, InputError> {
    let text = col.cell(row).trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        Ok(v) if v.is_finite() => Err(InputError::cell(
            line,
            &col.header,
            text,
            "a negative duration; seconds ≥ 0 are expected",
        )),
        _ => Err(InputError::cell(
            line,
            &col.header,
            text,
            "not a number of seconds; a number ≥ 0 is expected (e.g. 42 or 42.5)",
        )),
    }
}

#[cfg(test)]
#[path = "records_tests.rs"]
mod tests;
