//! Input errors of history and record files: every error names the line, the column, the value and
//! what is allowed, so a planner can fix an ACD export without reading code.

use std::fmt;

/// A problem in an input file or an import option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// 1-based line of the file (the header is line 1); `None` for the file as a whole or a flag.
    pub line: Option<usize>,
    /// The column as written in the file's header, or the option (`--columns`) the value came from.
    pub column: Option<String>,
    /// The offending value as written (may be empty).
    pub value: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl InputError {
    /// An error about one cell.
    pub fn cell(line: usize, column: &str, value: &str, message: impl Into<String>) -> Self {
        InputError {
            line: Some(line),
            column: Some(column.to_string()),
            value: value.to_string(),
            message: message.into(),
        }
    }

    /// An error about a whole line (e.g. a duplicate row).
    pub fn line(line: usize, message: impl Into<String>) -> Self {
        InputError {
            line: Some(line),
            column: None,
            value: String::new(),
            message: message.into(),
        }
    }

    /// An error about the file as a whole (e.g. a missing column, no rows).
    pub fn file(message: impl Into<String>) -> Self {
        InputError {
            line: None,
            column: None,
            value: String::new(),
            message: message.into(),
        }
    }

    /// An error about an option such as `--columns` or `--start`.
    pub fn option(option: &str, value: &str, message: impl Into<String>) -> Self {
        InputError {
            line: None,
            column: Some(option.to_string()),
            value: value.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(line) = self.line {
            parts.push(format!("line {line}"));
        }
        if let Some(column) = &self.column {
            if column.starts_with("--") {
                parts.push(column.clone());
            } else {
                parts.push(format!("column `{column}`"));
            }
        }
        if self.line.is_some() || self.column.is_some() {
            write!(f, "{}: ", parts.join(", "))?;
            if !self.value.is_empty() || self.column.is_some() {
                write!(f, "`{}`: ", self.value)?;
            }
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for InputError {}
