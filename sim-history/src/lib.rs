//! # sim-history: from an ACD's history to a scenario
//!
//! The first step of ccsim's planning loop (history → forecast → requirement → schedule →
//! intraday): read what an ACD exports, forecast the coming days and calibrate a scenario from
//! contact records. Both front ends call it — the `ccsim forecast` / `ccsim calibrate` commands and
//! the web page through sim-wasm — so the same input gives the same numbers in both. Like sim-core
//! it does no I/O (it parses text it is given) and starts no threads, and it builds for
//! `wasm32-unknown-unknown`.
//!
//! - [`table`]: delimited text with column and value mappings (`--columns`, `--values`).
//! - [`timestamp`]: local dates and times as exports write them.
//! - [`records`]: contact records (one row per contact) from an ACD's call detail export.
//! - [`calibrate`]: a scenario calibrated from contact records (arrivals, handle time, patience,
//!   redials, staffing, agents' availability).
//! - [`error`]: input errors that name line, column, value and what is allowed.
//! - [`history`]: the interval history (`interval_start,contact_type,offered,…`) on a day grid.
//! - [`forecast`]: seasonal naive, weekday mean and level-trend forecasts, the rolling-origin
//!   backtest, prediction intervals and the forecast scenario.
//! - [`intraday`]: the rest of the day re-forecast from the day's actuals, and its backtest.
//!
//! The file formats are documented field by field in `docs/history.md`.

pub mod calibrate;
pub mod error;
pub mod records;
pub mod table;
pub mod timestamp;

pub use error::InputError;
pub use table::{Column, ColumnMap, Table, ValueMap};
pub mod history;

pub use history::{HistoryOptions, IntervalHistory, TypeHistory, HISTORY_COLUMNS};
pub mod forecast;
pub mod intraday;

pub use forecast::{forecast, Forecast, ForecastOptions, Method, MethodChoice, SpecialDays};

/// The date library of the API (dates of histories and forecasts), re-exported for callers.
pub use chrono;
