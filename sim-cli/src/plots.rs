//! Plots with plotters, each written as SVG and PNG. PNG text uses a bundled font (DejaVu Sans)
//! rasterised by ab_glyph, so no system fonts or libraries are needed.

use crate::error::{CliError, Result};
use crate::output::OutDir;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::sync::Once;

const FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
const SIZE: (u32, u32) = (1000, 520);

pub const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];
pub const TARGET_COLOR: RGBColor = RGBColor(200, 0, 0);

fn ensure_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The font is compiled in; failure would only mean a corrupt build, and then text is
        // simply missing (drawing reports an error that is handled, never a panic).
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
    });
}

/// One line of a line chart, with an optional confidence band.
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub color: RGBColor,
    /// (x, y); `None` leaves a gap.
    pub points: Vec<(f64, Option<f64>)>,
    /// (x, [lo, hi]) band drawn behind the line.
    pub band: Option<Vec<(f64, Option<[f64; 2]>)>>,
    /// Draw as steps (value holds over [x, next x)).
    pub step: bool,
}

/// A horizontal reference line (a target).
#[derive(Debug, Clone)]
pub struct HLine {
    pub name: String,
    pub value: f64,
    pub color: RGBColor,
}

#[derive(Debug, Clone)]
pub enum XAxis {
    /// Interval index → label ("Mon 08:00"), and intervals per day (for the tick spacing).
    Intervals(Vec<String>, usize),
    /// Plain numbers.
    Numeric,
}

#[derive(Debug, Clone)]
pub struct LineChart {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
    pub x: XAxis,
    /// Y values are shares shown as percentages.
    pub percent: bool,
    pub series: Vec<Series>,
    pub hlines: Vec<HLine>,
    /// Legend in the upper right corner (else lower right).
    pub legend_upper: bool,
}

#[derive(Debug, Clone)]
pub struct Histogram {
    pub title: String,
    pub x_desc: String,
    pub values: Vec<f64>,
    pub percent: bool,
    /// Vertical reference lines (targets).
    pub vlines: Vec<HLine>,
}

#[derive(Debug, Clone)]
pub enum Chart {
    Line(LineChart),
    Hist(Histogram),
    Gantt(crate::plots_gantt::GanttChart),
}

/// Writes `BASE.svg` and `BASE.png` into the output folder; returns the SVG text (for HTML).
pub fn write_chart(out: &mut OutDir, base: &str, chart: &Chart) -> Result<String> {
    ensure_font();
    let svg = render_svg(chart)?;
    out.write(&format!("{base}.svg"), svg.as_bytes())?;
    out.write_with(&format!("{base}.png"), |p| render_png(chart, p))?;
    Ok(svg)
}

pub fn render_svg(chart: &Chart) -> Result<String> {
    ensure_font();
    let mut s = String::new();
    {
        let root = SVGBackend::with_string(&mut s, SIZE).into_drawing_area();
        draw(&root, chart).map_err(plot_err)?;
        root.present().map_err(|e| plot_err(e.to_string()))?;
    }
    Ok(s)
}

pub fn render_png(chart: &Chart, path: &std::path::Path) -> Result<()> {
    ensure_font();
    let root = BitMapBackend::new(path, SIZE).into_drawing_area();
    draw(&root, chart).map_err(plot_err)?;
    root.present().map_err(|e| plot_err(e.to_string()))?;
    Ok(())
}

fn plot_err(e: String) -> CliError {
    CliError::failed(format!("cannot draw plot: {e}"))
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart,
) -> std::result::Result<(), String> {
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    match chart {
        Chart::Line(c) => draw_line(root, c),
        Chart::Hist(h) => draw_hist(root, h),
        Chart::Gantt(g) => crate::plots_gantt::draw_gantt(root, g),
    }
}

fn finite_range(vals: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let mut r: Option<(f64, f64)> = None;
    for v in vals.filter(|v| v.is_finite()) {
        r = Some(match r {
            None => (v, v),
            Some((a, b)) => (a.min(v), b.max(v)),
        });
    }
    r
}

fn fmt_axis(v: f64, percent: bool) -> String {
    if percent {
        format!("{:.0} %", v * 100.0)
    } else if v.abs() >= 100.0 || v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// Splits points into runs without gaps.
fn runs(points: &[(f64, Option<f64>)], step: bool, x_end: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    for (k, (x, y)) in points.iter().enumerate() {
        match y.filter(|v| v.is_finite()) {
            Some(v) => {
                cur.push((*x, v));
                if step {
                    let next = points.get(k + 1).map_or(x_end, |p| p.0);
                    cur.push((next, v));
                }
            }
            None => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The x axis of line charts: linear, with ticks exactly where we want them (interval starts or
/// measured values) and labels from the data ("Mon 08:00").
#[derive(Debug, Clone)]
struct XCoord {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
    /// Interval labels by index; empty for numeric axes.
    labels: Vec<String>,
}

impl Ranged for XCoord {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let f = (v - self.lo) / (self.hi - self.lo);
        let px = limit.0 as f64 + f * (limit.1 - limit.0) as f64;
        if px.is_finite() {
            px.round().clamp(-1e7, 1e7) as i32
        } else {
            limit.0
        }
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        let max = hint.max_num_points().max(1);
        let step = self.ticks.len().div_ceil(max).max(1);
        self.ticks.iter().step_by(step).copied().collect()
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

impl ValueFormatter<f64> for XCoord {
    fn format_ext(&self, v: &f64) -> String {
        if self.labels.is_empty() {
            return fmt_axis(*v, false);
        }
        let i = v.round();
        if (v - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < self.labels.len() {
            self.labels[i as usize].clone()
        } else {
            String::new()
        }
    }
}

fn draw_line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &LineChart,
) -> std::result::Result<(), String> {
    let e = |x: &dyn std::fmt::Display| x.to_string();
    let xs = finite_range(c.series.iter().flat_map(|s| s.points.iter().map(|p| p.0)));
    let (mut x0, mut x1) = xs.unwrap_or((0.0, 1.0));
    let n_int = match &c.x {
        XAxis::Intervals(l, _) => l.len() as f64,
        XAxis::Numeric => 0.0,
    };
    if matches!(c.x, XAxis::Intervals(..)) {
        x1 = x1.max(n_int);
    } else if x1 > x0 {
        // numeric: a little room around the first and last points
        let pad = (x1 - x0) * 0.03;
        x1 += pad;
        x0 -= pad;
    }
    if x1 <= x0 {
        x1 = x0 + 1.0;
    }
    let ys = finite_range(
        c.series
            .iter()
            .flat_map(|s| {
                let band = s.band.iter().flatten().filter_map(|b| b.1).flatten();
                s.points.iter().filter_map(|p| p.1).chain(band)
            })
            .chain(c.hlines.iter().map(|h| h.value)),
    );
    let (mut y0, mut y1) = ys.unwrap_or((0.0, 1.0));
    if c.percent {
        y0 = y0.clamp(-0.05, 0.0);
        y1 = if y1 < 0.6 {
            (y1 * 1.25).max(0.05)
        } else if y1 <= 1.0 {
            1.0
        } else {
            y1 * 1.05
        };
    } else {
        y0 = y0.min(0.0);
        y1 = if y1 > 0.0 { y1 * 1.08 } else { 1.0 };
    }
    if y1 <= y0 {
        y1 = y0 + 1.0;
    }
    let (labels, per_day) = match &c.x {
        XAxis::Intervals(l, d) => (l.clone(), (*d).max(1)),
        XAxis::Numeric => (Vec::new(), 1),
    };
    let ticks: Vec<f64> = if labels.is_empty() {
        // numeric: the measured x values
        let mut xs: Vec<f64> = c
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .collect();
        xs.sort_by(f64::total_cmp);
        xs.dedup();
        xs
    } else {
        // interval starts: every 2 hours for one day, every 6 hours up to 3 days, then days
        let n = labels.len();
        let step = if n <= per_day {
            (per_day / 12).max(1)
        } else if n.div_ceil(per_day) <= 3 {
            (per_day / 4).max(1)
        } else {
            per_day * n.div_ceil(per_day).div_ceil(12)
        };
        (0..n)
            .step_by(step)
            .map(|i| i as f64)
            .filter(|x| *x >= x0 && *x <= x1)
            .collect()
    };
    let axis = XCoord {
        lo: x0,
        hi: x1,
        ticks,
        labels,
    };
    let mut chart = ChartBuilder::on(root)
        .caption(&c.title, ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .build_cartesian_2d(axis, y0..y1)
        .map_err(|x| e(&x))?;
    let percent = c.percent;
    chart
        .configure_mesh()
        .x_desc(&c.x_desc)
        .y_desc(&c.y_desc)
        .y_labels(10)
        .y_label_formatter(&|v: &f64| fmt_axis(*v, percent))
        .light_line_style(RGBColor(235, 235, 235))
        .label_style(("sans-serif", 13))
        .draw()
        .map_err(|x| e(&x))?;
    // bands first, then lines on top
    for s in &c.series {
        let Some(band) = &s.band else { continue };
        let mut seg: Vec<(f64, [f64; 2])> = Vec::new();
        let flush = |seg: &mut Vec<(f64, [f64; 2])>, chart: &mut ChartContext<'_, DB, _>| {
            if !seg.is_empty() {
                let mut poly: Vec<(f64, f64)> = Vec::new();
                let mut pts: Vec<(f64, [f64; 2])> = seg.clone();
                if s.step || pts.len() == 1 {
                    let mut stepped = Vec::new();
                    for (k, (x, b)) in pts.iter().enumerate() {
                        let next = pts.get(k + 1).map_or(x + 1.0, |p| p.0);
                        stepped.push((*x, *b));
                        stepped.push((next, *b));
                    }
                    pts = stepped;
                }
                poly.extend(pts.iter().map(|(x, b)| (*x, b[1].clamp(y0, y1))));
                poly.extend(pts.iter().rev().map(|(x, b)| (*x, b[0].clamp(y0, y1))));
                let _ = chart.draw_series(std::iter::once(Polygon::new(
                    poly,
                    s.color.mix(0.18).filled(),
                )));
            }
            seg.clear();
        };
        for (x, b) in band {
            match b.filter(|[a, c]| a.is_finite() && c.is_finite()) {
                Some(v) => seg.push((*x, v)),
                None => flush(&mut seg, &mut chart),
            }
        }
        flush(&mut seg, &mut chart);
    }
    for h in &c.hlines {
        let style = ShapeStyle::from(&h.color).stroke_width(2);
        chart
            .draw_series(DashedLineSeries::new(
                vec![(x0, h.value), (x1, h.value)],
                8,
                5,
                style,
            ))
            .map_err(|x| e(&x))?
            .label(h.name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
    }
    for s in &c.series {
        let style = ShapeStyle::from(&s.color).stroke_width(2);
        let mut first = true;
        let end = if n_int > 0.0 { n_int } else { x1 };
        for run in runs(&s.points, s.step, end) {
            if run.len() == 1 {
                chart
                    .draw_series(run.iter().map(|p| Circle::new(*p, 3, style.filled())))
                    .map_err(|x| e(&x))?;
            }
            let drawn = chart
                .draw_series(LineSeries::new(run, style))
                .map_err(|x| e(&x))?;
            if first {
                drawn
                    .label(s.name.clone())
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
                first = false;
            }
        }
        if !s.step && n_int == 0.0 {
            // numeric x: mark the measured points
            let pts: Vec<(f64, f64)> = s
                .points
                .iter()
                .filter_map(|(x, y)| y.filter(|v| v.is_finite()).map(|v| (*x, v)))
                .collect();
            chart
                .draw_series(pts.into_iter().map(|p| Circle::new(p, 3, style.filled())))
                .map_err(|x| e(&x))?;
        }
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(180, 180, 180))
        .label_font(("sans-serif", 13))
        .position(if c.legend_upper {
            SeriesLabelPosition::UpperRight
        } else {
            SeriesLabelPosition::LowerRight
        })
        .draw()
        .map_err(|x| e(&x))?;
    Ok(())
}

fn draw_hist<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    h: &Histogram,
) -> std::result::Result<(), String> {
    let e = |x: &dyn std::fmt::Display| x.to_string();
    let vals: Vec<f64> = h.values.iter().copied().filter(|v| v.is_finite()).collect();
    let (mut lo, mut hi) =
        finite_range(vals.iter().copied().chain(h.vlines.iter().map(|l| l.value)))
            .unwrap_or((0.0, 1.0));
    if hi - lo < 1e-9 {
        lo -= 0.01;
        hi += 0.01;
    }
    let bins = ((vals.len() as f64).sqrt().ceil() as usize).clamp(5, 40);
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0u32; bins];
    for v in &vals {
        let k = (((v - lo) / width) as usize).min(bins - 1);
        counts[k] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(1).max(1) as f64 * 1.1;
    let mut chart = ChartBuilder::on(root)
        .caption(&h.title, ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .build_cartesian_2d(lo..hi, 0.0..top)
        .map_err(|x| e(&x))?;
    let percent = h.percent;
    chart
        .configure_mesh()
        .x_desc(&h.x_desc)
        .y_desc("count")
        .x_label_formatter(&|v: &f64| {
            if percent {
                format!("{:.1} %", v * 100.0)
            } else {
                fmt_axis(*v, false)
            }
        })
        .y_label_formatter(&|v: &f64| format!("{v:.0}"))
        .light_line_style(RGBColor(235, 235, 235))
        .label_style(("sans-serif", 13))
        .draw()
        .map_err(|x| e(&x))?;
    chart
        .draw_series(counts.iter().enumerate().map(|(k, c)| {
            let x = lo + k as f64 * width;
            Rectangle::new(
                [(x, 0.0), (x + width, *c as f64)],
                PALETTE[0].mix(0.75).filled(),
            )
        }))
        .map_err(|x| e(&x))?
        .label(format!("{} values", vals.len()))
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 15, y + 5)], PALETTE[0].filled()));
    for l in &h.vlines {
        let style = ShapeStyle::from(&l.color).stroke_width(2);
        chart
            .draw_series(DashedLineSeries::new(
                vec![(l.value, 0.0), (l.value, top)],
                8,
                5,
                style,
            ))
            .map_err(|x| e(&x))?
            .label(l.name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(180, 180, 180))
        .label_font(("sans-serif", 13))
        .position(SeriesLabelPosition::UpperLeft)
        .draw()
        .map_err(|x| e(&x))?;
    Ok(())
}
