//! Dates and times as ACD exports write them.
//!
//! Interval starts and arrival times are **local clock times**: `YYYY-MM-DDTHH:MM`, optionally with
//! seconds (`:SS`, fractions allowed), a space instead of the `T`, and a trailing `Z` or UTC offset
//! (`+02:00`, `-0500`). The offset is accepted and dropped — the clock time as written is taken as
//! the center's local time, because the intraday and weekly cycles follow the local clock. Exports
//! in UTC must therefore be converted to local time first (documented in docs/history.md).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// Parses a local date-time (see the module documentation); the message says what is allowed.
pub fn parse_datetime(text: &str) -> Result<NaiveDateTime, String> {
    let s = strip_offset(text.trim());
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
            return Ok(t);
        }
    }
    Err(DATETIME_ALLOWED.to_string())
}

/// What [`parse_datetime`] accepts, for error messages.
pub const DATETIME_ALLOWED: &str =
    "a local time YYYY-MM-DDTHH:MM is expected (seconds, a space for the T, and a trailing Z or UTC offset are accepted)";

/// Parses a date-time with a strftime-style `format` (e.g. `%d/%m/%Y %H:%M`), or as
/// [`parse_datetime`] when there is none.
pub fn parse_datetime_with(text: &str, format: Option<&str>) -> Result<NaiveDateTime, String> {
    match format {
        None => parse_datetime(text),
        Some(fmt) => NaiveDateTime::parse_from_str(text.trim(), fmt)
            .map_err(|e| format!("does not match the date-time format `{fmt}` ({e})")),
    }
}

/// Parses a date `YYYY-MM-DD`, or with a strftime-style `format` such as `%y%m%d` (the Anonymous
/// Bank's `990201`) or `%d.%m.%Y`.
pub fn parse_date(text: &str, format: Option<&str>) -> Result<NaiveDate, String> {
    let fmt = format.unwrap_or("%Y-%m-%d");
    NaiveDate::parse_from_str(text.trim(), fmt)
        .map_err(|_| format!("a date in the format `{fmt}` is expected"))
}

/// Parses a clock time of day `H:MM` or `H:MM:SS` (fractions allowed) into seconds after midnight.
pub fn parse_clock(text: &str) -> Result<f64, String> {
    let s = text.trim();
    for format in ["%H:%M:%S%.f", "%H:%M"] {
        if let Ok(t) = NaiveTime::parse_from_str(s, format) {
            let secs = t.signed_duration_since(NaiveTime::MIN);
            return Ok(secs.num_milliseconds() as f64 / 1000.0);
        }
    }
    Err("a clock time H:MM or H:MM:SS is expected".to_string())
}

/// Formats a date-time the way ccsim writes interval starts: `YYYY-MM-DDTHH:MM`.
pub fn format_interval_start(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

/// Drops a trailing `Z` or `±HH:MM` / `±HHMM` / `±HH` UTC offset after the time part.
fn strip_offset(s: &str) -> &str {
    if let Some(stripped) = s.strip_suffix('Z').or_else(|| s.strip_suffix('z')) {
        return stripped;
    }
    // An offset can only follow the time, which starts after position 10 (`YYYY-MM-DDT`).
    if s.len() > 16 {
        if let Some(pos) = s[11..].rfind(['+', '-']) {
            let pos = pos + 11;
            let offset = &s[pos + 1..];
            let digits = offset.replace(':', "");
            if !digits.is_empty() && digits.len() <= 4 && digits.chars().all(|c| c.is_ascii_digit())
            {
                return &s[..pos];
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn accepts_the_documented_forms_and_drops_offsets() {
        let t = dt("2024-03-04 08:30:00");
        for s in [
            "2024-03-04T08:30",
            "2024-03-04 08:30",
            "2024-03-04T08:30:00",
            "2024-03-04T08:30:00.000",
            "2024-03-04T08:30Z",
            "2024-03-04T08:30:00+02:00",
            "2024-03-04T08:30:00-0500",
            " 2024-03-04T08:30 ",
        ] {
            assert_eq!(parse_datetime(s), Ok(t), "{s}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_local_time() {
        for s in [
            "",
            "2024-03-04",
            "04/03/2024 08:30",
            "2024-13-04T08:30",
            "2024-03-04T25:00",
            "08:30",
        ] {
            assert!(parse_datetime(s).is_err(), "{s}");
        }
    }

    #[test]
    fn dates_and_clock_times_of_real_exports() {
        assert_eq!(
            parse_date("990201", Some("%y%m%d")),
            Ok(NaiveDate::from_ymd_opt(1999, 2, 1).unwrap())
        );
        assert_eq!(
            parse_date("2024-03-04", None),
            Ok(NaiveDate::from_ymd_opt(2024, 3, 4).unwrap())
        );
        assert!(parse_date("04.03.2024", None).is_err());
        assert_eq!(parse_clock("7:02:47"), Ok(7.0 * 3600.0 + 2.0 * 60.0 + 47.0));
        assert_eq!(parse_clock("23:30"), Ok(23.5 * 3600.0));
        assert!(parse_clock("24:10").is_err());
        assert_eq!(
            parse_datetime_with("04/03/2024 08:30", Some("%d/%m/%Y %H:%M")),
            Ok(dt("2024-03-04 08:30:00"))
        );
    }
}
