//! The CLI's error type: every failure is either invalid input (exit code 2) or something else
//! (exit code 1). Messages are written for planners: what is wrong and what to do.

use std::fmt;

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code for failures that are not the user's input (I/O, internal errors).
pub const EXIT_FAILURE: i32 = 1;
/// Exit code for invalid input: bad scenario, bad flag values, unreadable parts.
pub const EXIT_INVALID: i32 = 2;
/// Exit code when a batch was interrupted (Ctrl-C / SIGTERM) and partial results were written.
pub const EXIT_INTERRUPTED: i32 = 130;

#[derive(Debug)]
pub enum CliError {
    /// The input is wrong (flag value, part file). Exit code 2.
    Invalid(String),
    /// A scenario has problems, each with its field path. Exit code 2.
    Scenario {
        label: String,
        errors: Vec<sim_core::FieldError>,
    },
    /// Anything else (file system, internal). Exit code 1.
    Failed(String),
}

impl CliError {
    pub fn invalid(msg: impl Into<String>) -> Self {
        CliError::Invalid(msg.into())
    }
    pub fn failed(msg: impl Into<String>) -> Self {
        CliError::Failed(msg.into())
    }
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Invalid(_) | CliError::Scenario { .. } => EXIT_INVALID,
            CliError::Failed(_) => EXIT_FAILURE,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Invalid(m) | CliError::Failed(m) => f.write_str(m),
            CliError::Scenario { label, errors } => {
                let n = errors.len();
                write!(
                    f,
                    "{label}: {n} problem{} found",
                    if n == 1 { "" } else { "s" }
                )?;
                for e in errors {
                    write!(f, "\n  {}: {}", e.path, e.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for CliError {}

pub type Result<T> = std::result::Result<T, CliError>;
