//! A given requirement (`ccsim schedule --requirement FILE`), read into agents per group and
//! interval of the week.
//!
//! Two forms are accepted (docs/schedule.md):
//! - `interval_start,group,required`: `interval_start` is `HH:MM` (a day that repeats on every
//!   weekday) or `YYYY-MM-DDTHH:MM` (that date's weekday); `required` may have decimals and is
//!   rounded up. A cell given several times (two dates on the same weekday) keeps the largest.
//! - the `staffing.csv` that `ccsim staff` writes (columns `group`, `interval`, `needed`): the
//!   horizon interval maps to its weekday cell, the warm-up is skipped.
//!
//! Intervals not listed need no one. Every error names the line, the column and the value.

use super::grid::Grid;
use chrono::{Datelike, NaiveDateTime, Timelike};
use sim_core::error::{FieldError, ScenarioErrors};
use sim_core::schedule::parse_clock;

/// Agents required per group (all the scenario's groups, by index) and cell of the week.
pub fn parse_requirement(
    text: &str,
    group_ids: &[String],
    grid: &Grid,
) -> Result<Vec<Vec<u32>>, ScenarioErrors> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let fail = |line: u64, col: &str, msg: String| {
        ScenarioErrors(vec![FieldError::new(
            format!("requirement line {line}, column {col}"),
            msg,
        )])
    };
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| fail(1, "(header)", e.to_string()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let staff_form = col("needed").is_some() && col("interval").is_some();
    let (time_col, value_col) = if staff_form {
        (col("interval"), col("needed"))
    } else {
        (col("interval_start"), col("required"))
    };
    let (Some(time_col), Some(group_col), Some(value_col)) = (time_col, col("group"), value_col)
    else {
        return Err(fail(
            1,
            "(header)",
            format!(
                "the columns must be interval_start,group,required (or the staffing.csv of ccsim staff: group,interval,…,needed); got {}",
                header.join(",")
            ),
        ));
    };
    let mut out = vec![vec![0u32; grid.cells()]; group_ids.len()];
    for rec in rdr.records() {
        let rec =
            rec.map_err(|e| fail(e.position().map_or(0, |p| p.line()), "(row)", e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line());
        let get = |i: usize| rec.get(i).unwrap_or("");
        let gid = get(group_col);
        let Some(g) = group_ids.iter().position(|x| x == gid) else {
            return Err(fail(
                line,
                "group",
                format!(
                    "\"{gid}\" is not an agent group of the scenario (groups: {})",
                    group_ids.join(", ")
                ),
            ));
        };
        let raw = get(value_col);
        let value: f64 = raw
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0 && *v <= 100_000.0)
            .ok_or_else(|| {
                fail(
                    line,
                    if staff_form { "needed" } else { "required" },
                    format!("must be a number of agents 0 … 100000, got \"{raw}\""),
                )
            })?;
        let need = (value - 1e-9).ceil().max(0.0) as u32;
        let t = get(time_col);
        let cells: Vec<usize> = if staff_form {
            let i: usize = t.parse().ok().filter(|&i| i < grid.n_intervals).ok_or_else(|| {
                fail(line, "interval", format!("must be an interval index 0 … {} of the scenario's horizon, got \"{t}\"", grid.n_intervals.saturating_sub(1)))
            })?;
            if i < grid.first_measured {
                continue;
            }
            vec![grid.cell_of(i)]
        } else {
            let (weekday, minute) = parse_start(t).ok_or_else(|| {
                fail(
                    line,
                    "interval_start",
                    format!("must be HH:MM (every day) or YYYY-MM-DDTHH:MM, got \"{t}\""),
                )
            })?;
            if minute % grid.interval_min != 0 {
                return Err(fail(
                    line,
                    "interval_start",
                    format!(
                        "\"{t}\" is not the start of a {}-minute interval of the scenario",
                        grid.interval_min
                    ),
                ));
            }
            let j = (minute / grid.interval_min) as usize;
            match weekday {
                Some(d) => vec![d * grid.per_day + j],
                None => (0..7).map(|d| d * grid.per_day + j).collect(),
            }
        };
        for c in cells {
            out[g][c] = out[g][c].max(need);
        }
    }
    Ok(out)
}

/// (weekday if dated, minute of the day).
fn parse_start(t: &str) -> Option<(Option<usize>, u32)> {
    if let Some(s) = parse_clock(t) {
        let m = (s / 60.0) as u32;
        return (m < 1440).then_some((None, m));
    }
    for f in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, f) {
            let wd = dt.weekday().num_days_from_monday() as usize;
            return Some((Some(wd), dt.hour() * 60 + dt.minute()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        Grid {
            interval_min: 30,
            per_day: 48,
            start_weekday: 0,
            n_intervals: 7 * 48,
            first_measured: 0,
            active: [true; 7],
        }
    }

    #[test]
    fn clock_rows_repeat_on_every_weekday_and_dates_pick_theirs() {
        let ids = vec!["team".to_string()];
        let text = "interval_start,group,required\n08:00,team,2.2\n2026-12-02T09:30,team,4\n";
        let r = parse_requirement(text, &ids, &grid()).unwrap();
        for d in 0..7 {
            assert_eq!(r[0][d * 48 + 16], 3);
        }
        // 2026-12-02 is a Wednesday
        assert_eq!(r[0][2 * 48 + 19], 4);
        assert_eq!(r[0][48 + 19], 0);
    }

    #[test]
    fn errors_name_line_column_and_value() {
        let ids = vec!["team".to_string()];
        let e = parse_requirement(
            "interval_start,group,required\n08:00,team,2\n08:10,team,1\n",
            &ids,
            &grid(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("line 3") && e.contains("interval_start") && e.contains("08:10"),
            "{e}"
        );
        let e = parse_requirement(
            "interval_start,group,required\n08:00,crew,2\n",
            &ids,
            &grid(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("\"crew\"") && e.contains("team"), "{e}");
        let e = parse_requirement("when,who\n", &ids, &grid())
            .unwrap_err()
            .to_string();
        assert!(e.contains("interval_start,group,required"), "{e}");
    }
}
