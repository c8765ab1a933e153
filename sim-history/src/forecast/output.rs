//! CSV writers of a forecast: `forecast.csv` and `backtest.csv` (columns in docs/history.md).

use super::Forecast;
use crate::timestamp::format_interval_start;
use std::fmt::Write;

/// A number with at most `digits` decimals, without trailing zeros (`NaN` → empty).
pub(crate) fn num(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{x:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

impl Forecast {
    /// `forecast.csv`: `interval_start,contact_type,forecast,lo80,hi80` (plus `aht_s` when the
    /// history has it), every interval of every forecast day, type by type.
    pub fn to_csv(&self) -> String {
        let with_aht = self.types.iter().any(|t| t.aht_s.is_some());
        let mut out = String::from("interval_start,contact_type,forecast,lo80,hi80");
        out.push_str(if with_aht { ",aht_s\n" } else { "\n" });
        let midnight = self.start.and_hms_opt(0, 0, 0).expect("midnight");
        for t in &self.types {
            for (i, f) in t.forecast.iter().enumerate() {
                let at = midnight
                    + chrono::Duration::minutes((i * self.interval_minutes as usize) as i64);
                let _ = write!(
                    out,
                    "{},{},{},{},{}",
                    format_interval_start(at),
                    csv_field(&t.id),
                    num(*f, 3),
                    num(t.lo80[i], 0),
                    num(t.hi80[i], 0)
                );
                if with_aht {
                    let a = t.aht_s.as_ref().map_or(f64::NAN, |a| a[i]);
                    let _ = write!(out, ",{}", num(a, 1));
                }
                out.push('\n');
            }
        }
        out
    }

    /// `backtest.csv`: per contact type and method the rolling-origin scores, `chosen` marking the
    /// method used.
    pub fn backtest_csv(&self) -> String {
        let mut out = String::from(
            "contact_type,method,chosen,origins,days_scored,wape_interval,wape_day,bias,mase\n",
        );
        for t in &self.types {
            for m in &t.backtest {
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{},{},{},{}",
                    csv_field(&t.id),
                    m.method.name(),
                    m.method == t.method,
                    m.origins,
                    m.days_scored,
                    num(m.wape_interval, 5),
                    num(m.wape_day, 5),
                    num(m.bias, 5),
                    num(m.mase, 5)
                );
            }
        }
        out
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
