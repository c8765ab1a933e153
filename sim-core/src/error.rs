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

/// Collects errors while validating; paths are built with [`Errors::at`].
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

/// Formats a number the way a planner wrote it (no trailing `.0` noise).
pub fn fmt_num(v: f64) -> String {
    if v.is_finite() && v == v.trunc() && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}
