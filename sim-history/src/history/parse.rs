//! Reading an interval history file into the day × interval grid.

use super::{HistoryOptions, IntervalHistory, TypeHistory, INTERVAL_LENGTHS};
use crate::error::InputError;
use crate::table::{Column, Table};
use crate::timestamp::parse_datetime;
use chrono::{NaiveDateTime, Timelike};
use std::collections::HashMap;

struct Row {
    line: usize,
    ty: usize,
    at: NaiveDateTime,
    values: [f64; 6],
}

/// Days of one type with at least this many rows that are all the same multiple (> 1) of the
/// file's interval apart are read as a coarser interval length (mixed lengths): an export that
/// leaves out empty rows does not space eight or more rows of a day exactly evenly by chance.
const COARSER_DAY_MIN_ROWS: usize = 8;

pub(super) fn parse(text: &str, options: &HistoryOptions) -> Result<IntervalHistory, InputError> {
    let table = Table::parse(text)?;
    let map = &options.columns;
    let start_col = table
        .find(map, "interval_start", true)?
        .expect("required column");
    let type_col = table.find(map, "contact_type", false)?;
    let offered_col = table.find(map, "offered", true)?.expect("required column");
    let optional: Vec<Option<Column>> =
        ["handled", "abandoned", "aht_s", "asa_s", "answered_in_sl"]
            .iter()
            .map(|n| table.find(map, n, false))
            .collect::<Result<_, _>>()?;
    if table.is_empty() {
        return Err(InputError::file(
            "the history has a header but no rows: at least one interval is expected",
        ));
    }
    if options.default_type.trim().is_empty() && type_col.is_none() {
        return Err(InputError::option(
            "--contact-type",
            "",
            "the file has no contact_type column, so a contact type name is needed",
        ));
    }

    let mut type_ids: Vec<String> = Vec::new();
    let mut rows: Vec<Row> = Vec::with_capacity(table.len());
    for (line, record) in table.rows() {
        let raw_start = start_col.cell(record);
        let at = match fast_datetime(raw_start) {
            Some(t) => t,
            None => parse_datetime(raw_start)
                .map_err(|m| InputError::cell(line, &start_col.header, raw_start, m))?,
        };
        let ty_name = match &type_col {
            Some(c) => {
                let v = c.cell(record).trim();
                if v.is_empty() {
                    return Err(InputError::cell(
                        line,
                        &c.header,
                        v,
                        "the contact type is empty; every row needs one",
                    ));
                }
                v
            }
            None => options.default_type.trim(),
        };
        let ty = match type_ids.iter().position(|t| t == ty_name) {
            Some(i) => i,
            None => {
                type_ids.push(ty_name.to_string());
                type_ids.len() - 1
            }
        };
        let mut values = [0.0; 6];
        values[0] = count(line, &offered_col, offered_col.cell(record))?;
        for (k, col) in optional.iter().enumerate() {
            if let Some(c) = col {
                let cell = c.cell(record);
                values[k + 1] = if k < 2 || k == 4 {
                    count(line, c, cell)?
                } else {
                    seconds(line, c, cell)?
                };
            }
        }
        rows.push(Row {
            line,
            ty,
            at,
            values,
        });
    }

    rows.sort_unstable_by_key(|r| (r.ty, r.at, r.line));
    for w in rows.windows(2) {
        if w[0].ty == w[1].ty && w[0].at == w[1].at {
            let raw = crate::timestamp::format_interval_start(w[1].at);
            return Err(InputError::line(
                w[1].line,
                format!(
                    "duplicate row: contact type `{}` at {raw} is already on line {}; each \
                     interval and contact type may appear once",
                    type_ids[w[1].ty], w[0].line
                ),
            ));
        }
    }
    let minutes = infer_interval(&rows, &start_col.header)?;
    check_rows(&rows, minutes, &start_col.header)?;

    let first_day = rows.iter().map(|r| r.at.date()).min().expect("rows");
    let last_day = rows.iter().map(|r| r.at.date()).max().expect("rows");
    let n_days = (last_day - first_day).num_days() as usize + 1;
    let ipd = (1440 / minutes) as usize;
    let mut file_days = vec![false; n_days];
    for r in &rows {
        file_days[(r.at.date() - first_day).num_days() as usize] = true;
    }
    let has = |k: usize| optional[k].is_some();
    let mut types: Vec<TypeHistory> = type_ids
        .iter()
        .map(|id| TypeHistory {
            id: id.clone(),
            day_has_data: vec![false; n_days],
            offered: vec![0.0; n_days * ipd],
            handled: has(0).then(|| vec![0.0; n_days * ipd]),
            abandoned: has(1).then(|| vec![0.0; n_days * ipd]),
            aht_s: has(2).then(|| vec![f64::NAN; n_days * ipd]),
            asa_s: has(3).then(|| vec![f64::NAN; n_days * ipd]),
            answered_in_sl: has(4).then(|| vec![0.0; n_days * ipd]),
        })
        .collect();
    let mut span = vec![(usize::MAX, 0usize); type_ids.len()];
    for r in &rows {
        let d = (r.at.date() - first_day).num_days() as usize;
        let i = d * ipd + (r.at.hour() * 60 + r.at.minute()) as usize / minutes as usize;
        let t = &mut types[r.ty];
        span[r.ty] = (span[r.ty].0.min(d), span[r.ty].1.max(d));
        t.offered[i] = r.values[0];
        if let Some(v) = &mut t.handled {
            v[i] = r.values[1];
        }
        if let Some(v) = &mut t.abandoned {
            v[i] = r.values[2];
        }
        let served = t.handled.as_ref().map_or(r.values[0], |h| h[i]);
        if let Some(v) = &mut t.aht_s {
            v[i] = if served > 0.0 { r.values[3] } else { f64::NAN };
        }
        if let Some(v) = &mut t.asa_s {
            v[i] = if served > 0.0 { r.values[4] } else { f64::NAN };
        }
        if let Some(v) = &mut t.answered_in_sl {
            v[i] = r.values[5];
        }
    }
    for (t, (lo, hi)) in types.iter_mut().zip(span) {
        t.day_has_data[lo..=hi].copy_from_slice(&file_days[lo..=hi]);
    }
    Ok(IntervalHistory {
        interval_minutes: minutes,
        first_day,
        n_days,
        types,
    })
}

fn count(line: usize, col: &Column, cell: &str) -> Result<f64, InputError> {
    let s = cell.trim();
    let v: f64 = s
        .parse()
        .map_err(|_| InputError::cell(line, &col.header, s, "a whole number ≥ 0 is expected"))?;
    if !v.is_finite() || v < 0.0 {
        return Err(InputError::cell(
            line,
            &col.header,
            s,
            "a count cannot be negative: a whole number ≥ 0 is expected",
        ));
    }
    if v.fract() != 0.0 {
        return Err(InputError::cell(
            line,
            &col.header,
            s,
            "a count is a whole number (≥ 0), not a fraction",
        ));
    }
    Ok(v)
}

fn seconds(line: usize, col: &Column, cell: &str) -> Result<f64, InputError> {
    let s = cell.trim();
    if s.is_empty() {
        return Ok(f64::NAN);
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(InputError::cell(
            line,
            &col.header,
            s,
            "seconds ≥ 0 are expected (or an empty cell when unknown)",
        )),
    }
}

/// Minutes since midnight of a row, or the alignment error.
fn minute_of_day(r: &Row, header: &str, minutes: u32) -> Result<u32, InputError> {
    let m = r.at.hour() * 60 + r.at.minute();
    if r.at.second() != 0 || r.at.nanosecond() != 0 || !m.is_multiple_of(minutes) {
        return Err(InputError::cell(
            r.line,
            header,
            &crate::timestamp::format_interval_start(r.at),
            format!(
                "not the start of a {minutes}-minute interval (the file's interval length); \
                 starts must be on the {minutes}-minute grid counted from midnight, e.g. 08:00, \
                 08:{minutes:02}"
            ),
        ));
    }
    Ok(m)
}

/// The interval length: the most common gap between consecutive starts of a type within a day;
/// with no such gap (one row per day) the longest allowed length every start is aligned to.
fn infer_interval(rows: &[Row], header: &str) -> Result<u32, InputError> {
    let mut gaps: HashMap<i64, (usize, usize, usize)> = HashMap::new();
    for w in rows.windows(2) {
        if w[0].ty == w[1].ty && w[0].at.date() == w[1].at.date() {
            let g = (w[1].at - w[0].at).num_seconds();
            let e = gaps.entry(g).or_insert((0, w[0].line, w[1].line));
            e.0 += 1;
        }
    }
    let best = gaps
        .iter()
        .max_by_key(|(g, (n, _, _))| (*n, -**g))
        .map(|(g, v)| (*g, *v));
    match best {
        Some((g, (_, a, b))) => {
            if g % 60 == 0 && INTERVAL_LENGTHS.contains(&((g / 60) as u32)) {
                Ok((g / 60) as u32)
            } else {
                Err(InputError::cell(
                    b,
                    header,
                    "",
                    format!(
                        "the most common gap between interval starts (e.g. lines {a} and {b}) is \
                         {} minutes; the interval length must be 5, 10, 15, 30 or 60 minutes",
                        g as f64 / 60.0
                    ),
                ))
            }
        }
        None => {
            let m = INTERVAL_LENGTHS
                .iter()
                .rev()
                .find(|&&len| rows.iter().all(|r| minute_of_day(r, header, len).is_ok()));
            match m {
                Some(&m) => Ok(m),
                None => Err(minute_of_day(&rows[0], header, 5).expect_err("not aligned")),
            }
        }
    }
}

/// Every start aligned to the interval; no gap shorter than it; no day of evenly coarser rows.
fn check_rows(rows: &[Row], minutes: u32, header: &str) -> Result<(), InputError> {
    let step = minutes as i64 * 60;
    let mut day_start = 0;
    for i in 0..rows.len() {
        minute_of_day(&rows[i], header, minutes)?;
        let same_day =
            i > 0 && rows[i - 1].ty == rows[i].ty && rows[i - 1].at.date() == rows[i].at.date();
        if same_day {
            let g = (rows[i].at - rows[i - 1].at).num_seconds();
            if g < step {
                return Err(mixed(&rows[i], header, g / 60, &rows[i - 1], minutes));
            }
        } else {
            check_coarser_day(&rows[day_start..i], step, minutes, header)?;
            day_start = i;
        }
    }
    check_coarser_day(&rows[day_start..], step, minutes, header)
}

fn check_coarser_day(day: &[Row], step: i64, minutes: u32, header: &str) -> Result<(), InputError> {
    if day.len() < COARSER_DAY_MIN_ROWS {
        return Ok(());
    }
    let g = (day[1].at - day[0].at).num_seconds();
    if g > step
        && day
            .windows(2)
            .all(|w| (w[1].at - w[0].at).num_seconds() == g)
    {
        return Err(mixed(&day[1], header, g / 60, &day[0], minutes));
    }
    Ok(())
}

fn mixed(r: &Row, header: &str, gap_min: i64, prev: &Row, minutes: u32) -> InputError {
    InputError::cell(
        r.line,
        header,
        &crate::timestamp::format_interval_start(r.at),
        format!(
            "mixed interval lengths: this start is {gap_min} minutes after line {}'s, but the \
             file's intervals are {minutes} minutes (the most common gap); one file must use one \
             interval length",
            prev.line
        ),
    )
}

/// `YYYY-MM-DDTHH:MM` (or with a space) read without trying formats: the common case of large
/// exports. Anything else goes through [`parse_datetime`].
fn fast_datetime(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() != 16
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b' ')
        || b[13] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as u32)
        })
    };
    chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?.and_hms_opt(
        num(11..13)?,
        num(14..16)?,
        0,
    )
}
