//! Writing results: atomic files in the `--out` folder, aligned text tables, CSV, and number
//! formatting for planners (percentages for rates, seconds for times).

use crate::error::{CliError, Result};
use sim_core::kpi;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The `--out` folder: every file is written to a temporary file in the folder, then renamed, so
/// readers never see half-written files.
pub struct OutDir {
    pub dir: PathBuf,
    pub written: Vec<PathBuf>,
}

impl OutDir {
    pub fn create(dir: &Path) -> Result<OutDir> {
        std::fs::create_dir_all(dir).map_err(|e| {
            CliError::failed(format!(
                "cannot create output folder {}: {e}",
                dir.display()
            ))
        })?;
        Ok(OutDir {
            dir: dir.to_path_buf(),
            written: Vec::new(),
        })
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let p = self.path(name);
        write_atomic(&p, bytes)?;
        self.written.push(p);
        Ok(())
    }

    /// Runs `f` with the path of a temporary file (same folder, same extension), then renames it
    /// to `name`. For writers that insist on a path (the PNG encoder).
    pub fn write_with(&mut self, name: &str, f: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
        let target = self.path(name);
        let ext = Path::new(name)
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        let tmp = builder()
            .suffix(&ext)
            .tempfile_in(&self.dir)
            .map_err(|e| io_err(&target, e))?;
        f(tmp.path())?;
        tmp.persist(&target).map_err(|e| io_err(&target, e.error))?;
        self.written.push(target);
        Ok(())
    }

    pub fn report_written(&self, quiet: bool) {
        if !quiet {
            eprintln!(
                "ccsim: wrote {} files to {}",
                self.written.len(),
                self.dir.display()
            );
        }
    }
}

/// Temporary files named `.ccsim-*`, readable like any other output file (mode 0644 less the
/// umask; tempfile's default is 0600).
fn builder() -> tempfile::Builder<'static, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(".ccsim-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o644));
    }
    b
}

fn io_err(p: &Path, e: std::io::Error) -> CliError {
    CliError::failed(format!("cannot write {}: {e}", p.display()))
}

/// Writes a file atomically: temporary file in the same folder, flushed, then renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = builder().tempfile_in(&dir).map_err(|e| io_err(path, e))?;
    tmp.write_all(bytes).map_err(|e| io_err(path, e))?;
    tmp.as_file().sync_all().map_err(|e| io_err(path, e))?;
    tmp.persist(path).map_err(|e| io_err(path, e.error))?;
    Ok(())
}

/// Prints to stdout; a closed pipe (e.g. `| head`) is not an error worth a message.
pub fn print_stdout(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::failed(format!("cannot write to stdout: {e}"))),
    }
}

/// Pretty JSON with a final newline.
pub fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string_pretty(v)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| CliError::failed(format!("internal: cannot write JSON: {e}")))
}

/// CSV from a header and rows.
pub fn to_csv(header: &[String], rows: &[Vec<String>]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| CliError::failed(format!("internal: cannot write CSV: {e}"));
    w.write_record(header).map_err(err)?;
    for r in rows {
        w.write_record(r).map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| CliError::failed(format!("internal: cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|_| CliError::failed("internal: CSV is not UTF-8"))
}

/// A number for CSV: full precision, empty when undefined.
pub fn csv_num(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x}"),
        _ => String::new(),
    }
}

/// How a KPI's values are shown: percentages for shares, seconds for times, plain numbers for the
/// rest (counts, agents, hours, money).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Percent,
    Seconds,
    Plain,
}

/// The display unit of a KPI id, from sim-core's catalogue (plain for an unknown id).
pub fn unit_of(kpi: &str) -> Unit {
    match kpi::def_of(kpi).map(|d| d.unit) {
        Some(kpi::Unit::Share) => Unit::Percent,
        Some(kpi::Unit::Seconds) => Unit::Seconds,
        _ => Unit::Plain,
    }
}

/// A value in a KPI's unit, e.g. "81.3 %", "12.4 s", "4812.0".
pub fn fmt_kpi(kpi: &str, v: Option<f64>) -> String {
    let Some(x) = v.filter(|x| x.is_finite()) else {
        return "-".into();
    };
    match unit_of(kpi) {
        Unit::Percent => format!("{:.1} %", x * 100.0),
        Unit::Seconds => format!("{x:.1} s"),
        Unit::Plain => fmt_plain(x),
    }
}

/// A value without its unit suffix (for intervals "[lo, hi]").
pub fn fmt_kpi_bare(kpi: &str, v: f64) -> String {
    if !v.is_finite() {
        return "-".into();
    }
    match unit_of(kpi) {
        Unit::Percent => format!("{:.1}", v * 100.0),
        Unit::Seconds => format!("{v:.1}"),
        Unit::Plain => fmt_plain(v),
    }
}

/// "[lo, hi]" in the KPI's unit.
pub fn fmt_ci(kpi: &str, ci: Option<[f64; 2]>) -> String {
    match ci {
        Some([lo, hi]) => {
            let u = match unit_of(kpi) {
                Unit::Percent => " %",
                Unit::Seconds => " s",
                Unit::Plain => "",
            };
            format!("[{}, {}]{u}", fmt_kpi_bare(kpi, lo), fmt_kpi_bare(kpi, hi))
        }
        None => "-".into(),
    }
}

/// A signed difference in the KPI's unit (percentage points for rates).
pub fn fmt_diff(kpi: &str, v: Option<f64>) -> String {
    let Some(x) = v.filter(|x| x.is_finite()) else {
        return "-".into();
    };
    match unit_of(kpi) {
        Unit::Percent => format!("{:+.2} pp", x * 100.0),
        Unit::Seconds => format!("{x:+.2} s"),
        Unit::Plain => format!("{x:+.2}"),
    }
}

pub fn fmt_diff_ci(kpi: &str, ci: Option<[f64; 2]>) -> String {
    match ci {
        Some([lo, hi]) => match unit_of(kpi) {
            Unit::Percent => format!("[{:+.2}, {:+.2}] pp", lo * 100.0, hi * 100.0),
            Unit::Seconds => format!("[{lo:+.2}, {hi:+.2}] s"),
            Unit::Plain => format!("[{lo:+.2}, {hi:+.2}]"),
        },
        None => "-".into(),
    }
}

pub fn fmt_half_width(kpi: &str, h: Option<f64>) -> String {
    let Some(x) = h.filter(|x| x.is_finite()) else {
        return "-".into();
    };
    match unit_of(kpi) {
        Unit::Percent => format!("±{:.2} pp", x * 100.0),
        Unit::Seconds => format!("±{x:.2} s"),
        Unit::Plain => format!("±{x:.2}"),
    }
}

/// Plain numbers: 1 decimal from 100 up, else 2.
pub fn fmt_plain(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// A short number for text: integers without decimals, others with up to 2 (trailing zeros cut).
pub fn fmt_short(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Column alignment.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A plain text table with a header, aligned columns and an indent.
pub struct Table {
    pub header: Vec<String>,
    pub align: Vec<Align>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str], align: &[Align]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            align: align.to_vec(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, r: Vec<String>) {
        self.rows.push(r);
    }

    pub fn render(&self, indent: &str) -> String {
        let n = self.header.len();
        let width = |s: &str| s.chars().count();
        let mut w = vec![0usize; n];
        for r in std::iter::once(&self.header).chain(&self.rows) {
            for (i, c) in r.iter().enumerate().take(n) {
                w[i] = w[i].max(width(c));
            }
        }
        let mut out = String::new();
        for (k, r) in std::iter::once(&self.header).chain(&self.rows).enumerate() {
            let mut line = String::from(indent);
            for (i, c) in r.iter().enumerate().take(n) {
                let pad = w[i].saturating_sub(width(c));
                let right = self.align.get(i).copied().unwrap_or(Align::Left) == Align::Right;
                if i > 0 {
                    line.push_str("  ");
                }
                if right {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(c);
                } else {
                    line.push_str(c);
                    if i + 1 < n {
                        line.push_str(&" ".repeat(pad));
                    }
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
            if k == 0 {
                let total: usize = w.iter().sum::<usize>() + 2 * n.saturating_sub(1);
                out.push_str(indent);
                out.push_str(&"-".repeat(total));
                out.push('\n');
            }
        }
        out
    }
}

/// A contact type or group id made safe for a file name: letters, digits, `-` and `_` kept,
/// anything else `_` (used for per-type and per-group plot files).
pub fn file_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(fmt_kpi("service_level", Some(0.8134)), "81.3 %");
        assert_eq!(fmt_kpi("asa_s", Some(12.345)), "12.3 s");
        assert_eq!(fmt_kpi("offered", Some(4812.0)), "4812.0");
        assert_eq!(fmt_kpi("offered", None), "-");
        assert_eq!(fmt_diff("service_level", Some(0.0123)), "+1.23 pp");
        assert_eq!(fmt_ci("asa_s", Some([1.0, 2.0])), "[1.0, 2.0] s");
        assert_eq!(fmt_short(60.0), "60");
        assert_eq!(fmt_short(0.85), "0.85");
        assert_eq!(fmt_short(1.5), "1.5");
    }

    #[test]
    fn table_aligns() {
        let mut t = Table::new(&["a", "b"], &[Align::Left, Align::Right]);
        t.row(vec!["long name".into(), "1".into()]);
        let s = t.render("");
        assert!(s.contains("long name  1"));
    }
}
