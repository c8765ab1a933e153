//! A Gantt chart of shift lines over a week: one row per line, a bar per shift, its breaks in a
//! second colour on top.

use plotters::coord::Shift;
use plotters::prelude::*;

/// One row: a label and (start, end, is_break) spans in hours from Monday 00:00 (0 … 168; a
/// span past 168 wraps to the week's start).
#[derive(Debug, Clone)]
pub struct GanttRow {
    pub label: String,
    pub spans: Vec<(f64, f64, bool)>,
}

#[derive(Debug, Clone)]
pub struct GanttChart {
    pub title: String,
    pub rows: Vec<GanttRow>,
}

pub const SHIFT_COLOR: RGBColor = RGBColor(31, 119, 180);
pub const BREAK_COLOR: RGBColor = RGBColor(255, 127, 14);
const WEEK_H: f64 = 168.0;

pub fn draw_gantt<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &GanttChart,
) -> std::result::Result<(), String> {
    let e = |x: &dyn std::fmt::Display| x.to_string();
    let n = c.rows.len().max(1) as f64;
    // the row labels are drawn inside the plot, left of Monday 00:00 (x < 0)
    let chars = c
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(4) as f64;
    let left = -(chars * 0.9 + 2.0).clamp(10.0, 90.0);
    let mut chart = ChartBuilder::on(root)
        .caption(&c.title, ("sans-serif", 20))
        .margin(10)
        .x_label_area_size(35)
        .y_label_area_size(5)
        .build_cartesian_2d(left..WEEK_H, -0.8..n)
        .map_err(|x| e(&x))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_labels(0)
        .y_labels(0)
        .x_desc(
            "Time of the week (shifts and breaks as planned; a night shift runs into the next day)",
        )
        .draw()
        .map_err(|x| e(&x))?;
    let size = if c.rows.len() > 30 { 10 } else { 12 };
    chart
        .draw_series(c.rows.iter().enumerate().map(|(k, r)| {
            Text::new(
                r.label.clone(),
                (left + 0.5, n - k as f64 - 0.3),
                ("sans-serif", size).into_font(),
            )
        }))
        .map_err(|x| e(&x))?;
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    chart
        .draw_series(DAYS.iter().enumerate().map(|(d, name)| {
            Text::new(
                name.to_string(),
                (d as f64 * 24.0 + 9.0, -0.25),
                ("sans-serif", 13).into_font(),
            )
        }))
        .map_err(|x| e(&x))?;
    // day separators
    for d in 0..7 {
        let x = d as f64 * 24.0;
        chart
            .draw_series(LineSeries::new(
                vec![(x, 0.0), (x, n)],
                RGBColor(200, 200, 200),
            ))
            .map_err(|x| e(&x))?;
    }
    let mut rects = Vec::new();
    for (k, r) in c.rows.iter().enumerate() {
        let y1 = n - k as f64 - 0.15;
        let y0 = n - k as f64 - 0.85;
        let (b0, b1) = (y0 + 0.12, y1 - 0.12);
        for &(s, t, brk) in &r.spans {
            // wrap past the week's end
            let parts = if s >= WEEK_H {
                vec![(s - WEEK_H, t - WEEK_H)]
            } else if t > WEEK_H {
                vec![(s, WEEK_H), (0.0, t - WEEK_H)]
            } else {
                vec![(s, t)]
            };
            for (a, b) in parts {
                let (lo, hi, color) = if brk {
                    (b0, b1, BREAK_COLOR)
                } else {
                    (y0, y1, SHIFT_COLOR)
                };
                rects.push((a, b, lo, hi, brk, color));
            }
        }
    }
    // shifts first, then breaks on top
    for pass in [false, true] {
        chart
            .draw_series(
                rects
                    .iter()
                    .filter(|r| r.4 == pass)
                    .map(|&(a, b, lo, hi, _, color)| {
                        Rectangle::new([(a, lo), (b, hi)], color.filled())
                    }),
            )
            .map_err(|x| e(&x))?;
    }
    Ok(())
}
