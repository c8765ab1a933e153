//! Validation errors: every problem names the field path, the value and what is allowed.

use std::fmt;

/// One problem in a scenario, e.g. `contact_types[1].handle_time.mean: must be > 0, got -3`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// Path of the field in the file (`agent_groups[0].shifts[2].start`).
    pub path: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl FieldError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// All problems found in a scenario (never empty when returned as an error).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ScenarioErrors(pub Vec<FieldError>);

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioErrors {}

/// Collects errors while validating, each with its field path.
#[derive(Default)]
pub(crate) struct Errors {
    pub list: Vec<FieldError>,
}

impl Errors {
    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.list.push(FieldError::new(path, message));
    }

    /// Checks `value > 0` (and finite).
    pub fn positive(&mut self, path: &str, value: f64) -> bool {
        if !(value.is_finite() && value > 0.0) {
            self.push(path, format!("must be > 0, got {}", fmt_num(value)));
            return false;
        }
        true
    }

    /// Checks `value >= 0` (and finite).
    pub fn non_negative(&mut self, path: &str, value: f64) -> bool {
        if !(value.is_finite() && value >= 0.0) {
            self.push(path, format!("must be >= 0, got {}", fmt_num(value)));
            return false;
        }
        true
    }

    /// Checks `0 <= value <= max` (and finite).
    pub fn non_negative_at_most(&mut self, path: &str, value: f64, max: f64) -> bool {
        if !self.non_negative(path, value) {
            return false;
        }
        if value > max {
            self.push(
                path,
                format!("must be at most {}, got {}", fmt_num(max), fmt_num(value)),
            );
            return false;
        }
        true
    }

    /// Checks `min <= value <= max` (and finite), for factors with a sensible range.
    pub fn between(&mut self, path: &str, value: f64, min: f64, max: f64) -> bool {
        if !(value.is_finite() && (min..=max).contains(&value)) {
            self.push(
                path,
                format!(
                    "must be between {} and {}, got {}",
                    fmt_num(min),
                    fmt_num(max),
                    fmt_num(value)
                ),
            );
            return false;
        }
        true
    }

    /// Checks a probability / share in [0, 1].
    pub fn probability(&mut self, path: &str, value: f64) -> bool {
        if !(value.is_finite() && (0.0..=1.0).contains(&value)) {
            self.push(
                path,
                format!("must be a share between 0 and 1, got {}", fmt_num(value)),
            );
            return false;
        }
        true
    }
}

/// Formats a number the way a planner wrote it: no trailing `.0`, no float noise from sums
/// (rounded to 10 significant digits: 0.7 + 0.6 shows as `1.3`), and very large or very small
/// magnitudes in exponent form (`1e308`, not 309 digits).
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    // round to 10 significant digits (the decimal string round-trips exactly)
    let r: f64 = format!("{v:.9e}").parse().unwrap_or(v);
    if r == r.trunc() && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else if r.abs() >= 1e-6 && r.abs() < 1e15 {
        format!("{r}")
    } else {
        format!("{r:e}")
    }
}

/// `1 contact type`, `2 contact types`.
pub fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_without_noise() {
        assert_eq!(fmt_num(0.7 + 0.6), "1.3");
        assert_eq!(fmt_num(-30.0), "-30");
        assert_eq!(fmt_num(0.1 + 0.2), "0.3");
        assert_eq!(fmt_num(1e308), "1e308");
        assert_eq!(fmt_num(1e-320), "1e-320");
        assert_eq!(fmt_num(2.5e-7), "2.5e-7");
        assert_eq!(fmt_num(123456.789), "123456.789");
        assert_eq!(fmt_num(31_536_000.0), "31536000");
        assert_eq!(fmt_num(1e15), "1e15");
        assert_eq!(fmt_num(f64::INFINITY), "inf");
        assert_eq!(fmt_num(f64::NAN), "NaN");
        assert_eq!(fmt_num(-0.0), "0");
        assert_eq!(plural(1u32, "day", "days"), "1 day");
        assert_eq!(plural(0u32, "day", "days"), "0 days");
    }
}
