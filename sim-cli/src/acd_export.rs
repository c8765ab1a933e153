//! `ccsim run --history-out FILE` and `--records-out FILE`: what the simulated center's ACD would
//! export — the interval history and the contact records of docs/history.md's input formats, so
//! that simulate → export → forecast / calibrate → simulate is a round trip. Definitions in
//! docs/kpis.md, section "Simulated exports".

use crate::cli::{AcdExportArgs, HistoryReplications};
use crate::error::{CliError, Result};
use crate::output;
use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};
use sim_core::tally::ReplicationTally;
use sim_core::{ContactRecord, Model};
use std::collections::BTreeMap;

/// Header of the interval history (exactly the import format's column names).
pub const HISTORY_HEADER: [&str; 8] = [
    "interval_start",
    "contact_type",
    "offered",
    "handled",
    "abandoned",
    "aht_s",
    "asa_s",
    "answered_in_sl",
];

/// Header of the contact records.
pub const RECORDS_HEADER: [&str; 8] = [
    "arrival",
    "contact_type",
    "wait_s",
    "outcome",
    "handle_s",
    "wrap_s",
    "caller_id",
    "group",
];

/// The first date on or after this one with the scenario's start weekday is day 1 by default.
const DEFAULT_FROM: (i32, u32, u32) = (2024, 1, 1);

/// The export flags, checked before anything runs.
#[derive(Debug, Clone)]
pub struct Export {
    pub history: Option<std::path::PathBuf>,
    pub all_replications: bool,
    pub records: Option<std::path::PathBuf>,
    /// Calendar date of day 1 of the horizon.
    pub start: NaiveDate,
}

impl Export {
    /// Checks the flags against the model; `None` when no export is asked for.
    pub fn from_args(a: &AcdExportArgs, model: &Model, sharded: bool) -> Result<Option<Export>> {
        let wanted = a.history_out.is_some() || a.records_out.is_some();
        if !wanted {
            if a.history_start_date.is_some() {
                return Err(CliError::invalid(
                    "--history-start-date: only used with --history-out or --records-out",
                ));
            }
            if a.history_replications == HistoryReplications::All {
                return Err(CliError::invalid(
                    "--history-replications: only used with --history-out",
                ));
            }
            return Ok(None);
        }
        if sharded {
            return Err(CliError::invalid(
                "--history-out and --records-out cannot be combined with --shard (run the \
                 replications to export without --shard)",
            ));
        }
        if a.history_out.is_some() && a.history_out == a.records_out {
            return Err(CliError::invalid(
                "--history-out and --records-out name the same file; give two files",
            ));
        }
        let start = start_date(a.history_start_date.as_deref(), model.start_weekday)?;
        Ok(Some(Export {
            history: a.history_out.clone(),
            all_replications: a.history_replications == HistoryReplications::All,
            records: a.records_out.clone(),
            start,
        }))
    }

    /// Whether the history keeps replication `r` (the first, index 0, unless all are asked for).
    pub fn keeps(&self, r: u32) -> bool {
        self.history.is_some() && (self.all_replications || r == 0)
    }
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The calendar date of day 1: `given` (which must fall on the scenario's start weekday, 0 =
/// Monday), or the first date on or after 2024-01-01 with that weekday.
pub fn start_date(given: Option<&str>, start_weekday: usize) -> Result<NaiveDate> {
    let want = WEEKDAYS[start_weekday % 7];
    match given {
        Some(s) => {
            let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                CliError::invalid(format!(
                    "--history-start-date: expected a date YYYY-MM-DD, e.g. 2024-03-04, got \"{s}\""
                ))
            })?;
            let got = d.weekday().num_days_from_monday() as usize;
            if got != start_weekday % 7 {
                return Err(CliError::invalid(format!(
                    "--history-start-date: {d} is a {}, but the scenario's start_weekday is {want}; \
                     give a date that is a {want}",
                    WEEKDAYS[got]
                )));
            }
            Ok(d)
        }
        None => {
            let (y, m, dd) = DEFAULT_FROM;
            let from = NaiveDate::from_ymd_opt(y, m, dd).expect("a valid date");
            let shift = (start_weekday + 7 - from.weekday().num_days_from_monday() as usize) % 7;
            Ok(from + TimeDelta::days(shift as i64))
        }
    }
}

/// One interval × contact type of one replication: the tallies the history needs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct HistoryCell {
    pub offered: f64,
    pub handled: f64,
    pub abandoned: f64,
    pub handle_sum: f64,
    pub answered: f64,
    pub wait_answered_sum: f64,
    pub answered_in_sl: f64,
}

/// The history cells of a replication, interval-major like the tallies.
pub fn history_cells(t: &ReplicationTally) -> Vec<HistoryCell> {
    t.by_interval_type
        .iter()
        .map(|c| HistoryCell {
            offered: c.offered,
            handled: c.handled,
            abandoned: c.abandoned,
            handle_sum: c.handle_sum,
            answered: c.answered,
            wait_answered_sum: c.wait_answered_sum,
            answered_in_sl: c.answered_in_threshold,
        })
        .collect()
}

fn at(start: NaiveDate, seconds: f64) -> NaiveDateTime {
    start.and_hms_opt(0, 0, 0).expect("midnight exists") + TimeDelta::seconds(seconds as i64)
}

fn ratio(num: f64, den: f64) -> String {
    if den > 0.0 {
        format!("{:.2}", num / den)
    } else {
        String::new()
    }
}

/// The interval history CSV: one row per measured interval (from the end of the warm-up) and
/// contact type, per replication kept; a leading `replication` column when `with_replication`.
pub fn history_csv(
    model: &Model,
    start: NaiveDate,
    reps: &BTreeMap<u32, Vec<HistoryCell>>,
    with_replication: bool,
) -> Result<String> {
    let mut header: Vec<String> = Vec::new();
    if with_replication {
        header.push("replication".into());
    }
    header.extend(HISTORY_HEADER.iter().map(|h| h.to_string()));
    let nt = model.types.len();
    let first = sim_plan::first_measured_interval(model);
    let mut rows = Vec::with_capacity(reps.len() * (model.n_intervals - first) * nt);
    for (r, cells) in reps {
        for i in first..model.n_intervals {
            let when = at(start, i as f64 * model.interval_s)
                .format("%Y-%m-%dT%H:%M")
                .to_string();
            for (t, ty) in model.types.iter().enumerate() {
                let c = &cells[i * nt + t];
                let mut row = Vec::with_capacity(8);
                if with_replication {
                    row.push(r.to_string());
                }
                row.extend([
                    when.clone(),
                    ty.id.clone(),
                    format!("{}", c.offered),
                    format!("{}", c.handled),
                    format!("{}", c.abandoned),
                    ratio(c.handle_sum, c.handled),
                    ratio(c.wait_answered_sum, c.answered),
                    format!("{}", c.answered_in_sl),
                ]);
                rows.push(row);
            }
        }
    }
    let header: Vec<String> = header;
    output::to_csv(&header, &rows)
}

/// The contact records CSV (replication 0), in order of arrival.
pub fn records_csv(model: &Model, start: NaiveDate, records: &[ContactRecord]) -> Result<String> {
    let header: Vec<String> = RECORDS_HEADER.iter().map(|h| h.to_string()).collect();
    let secs = |v: Option<f64>| v.map_or(String::new(), |x| format!("{x:.3}"));
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            vec![
                at(start, r.arrival_s.floor())
                    .format("%Y-%m-%dT%H:%M:%S")
                    .to_string(),
                model.types[r.contact_type as usize].id.clone(),
                secs(r.wait_s),
                r.outcome.name().to_string(),
                secs(r.talk_s),
                secs(r.wrap_s),
                r.caller.to_string(),
                r.group
                    .map_or(String::new(), |g| model.groups[g as usize].id.clone()),
            ]
        })
        .collect();
    output::to_csv(&header, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_start_dates_fall_on_the_start_weekday() {
        // 2024-01-01 is a Monday
        for w in 0..7 {
            let d = start_date(None, w).unwrap();
            assert_eq!(d.weekday().num_days_from_monday() as usize, w);
            assert!(d >= NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
            assert!(d < NaiveDate::from_ymd_opt(2024, 1, 8).unwrap());
        }
        assert_eq!(
            start_date(Some("2025-06-02"), 0).unwrap(),
            NaiveDate::from_ymd_opt(2025, 6, 2).unwrap()
        );
        let wrong_day = start_date(Some("2025-06-03"), 0).unwrap_err().to_string();
        assert!(wrong_day.contains("is a tue"), "{wrong_day}");
        assert!(start_date(Some("2025-13-01"), 0).is_err());
        assert!(start_date(Some("yesterday"), 0).is_err());
    }
}
