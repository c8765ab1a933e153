//! Special days: dates (holidays, campaigns, outages) left out of fitting and backtest scoring,
//! with an optional factor applied to forecast days that fall on them.
//!
//! ```text
//! date,factor,name
//! 2024-12-25,0,Christmas
//! 2024-11-29,1.4,Black Friday campaign
//! 2024-05-02
//! ```

use crate::error::InputError;
use crate::table::{ColumnMap, Table};
use crate::timestamp::parse_date;
use chrono::NaiveDate;
use serde::Serialize;

/// One special day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpecialDay {
    pub date: NaiveDate,
    /// Multiplies the forecast of this day when it is forecast (1 = only excluded from fitting).
    pub factor: f64,
    pub name: String,
}

/// A list of special days.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SpecialDays {
    pub days: Vec<SpecialDay>,
}

impl SpecialDays {
    /// Parses `date[,factor][,name]` with a header line (`date` required; `factor` ≥ 0, default 1).
    pub fn parse(text: &str) -> Result<SpecialDays, InputError> {
        let table = Table::parse(text)?;
        let map = ColumnMap::default();
        let date_col = table.find(&map, "date", true)?.expect("required");
        let factor_col = table.find(&map, "factor", false)?;
        let name_col = table.find(&map, "name", false)?;
        let mut days: Vec<(usize, SpecialDay)> = Vec::new();
        for (line, row) in table.rows() {
            let raw = date_col.cell(row);
            let date = parse_date(raw, None)
                .map_err(|m| InputError::cell(line, &date_col.header, raw, m))?;
            let factor = match &factor_col {
                Some(c) if !c.cell(row).trim().is_empty() => {
                    let v = c.cell(row).trim();
                    match v.parse::<f64>() {
                        Ok(f) if f.is_finite() && f >= 0.0 => f,
                        _ => {
                            return Err(InputError::cell(
                                line,
                                &c.header,
                                v,
                                "a factor ≥ 0 is expected (0 = closed, 1.3 = 30 % more), or empty for 1",
                            ))
                        }
                    }
                }
                _ => 1.0,
            };
            if let Some((first, _)) = days.iter().find(|(_, d)| d.date == date) {
                return Err(InputError::cell(
                    line,
                    &date_col.header,
                    raw,
                    format!("this date is already on line {first}; each date may appear once"),
                ));
            }
            let name = name_col
                .as_ref()
                .map(|c| c.cell(row).trim().to_string())
                .unwrap_or_default();
            days.push((line, SpecialDay { date, factor, name }));
        }
        Ok(SpecialDays {
            days: days.into_iter().map(|(_, d)| d).collect(),
        })
    }

    /// The special day on `date`, if any.
    pub fn get(&self, date: NaiveDate) -> Option<&SpecialDay> {
        self.days.iter().find(|d| d.date == date)
    }
}
