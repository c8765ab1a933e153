//! The intraday re-forecast backtest on an interval history file (docs/intraday.md).
//!
//! ```sh
//! cargo run --release -p sim-history --example intraday_backtest -- HISTORY.csv|sim:CV:SEED \
//!     [--base weekday-mean|seasonal-naive|level-trend] [--methods keep,ratio,profile:200] \
//!     [--cuts 09:00,11:00] [--min-deviation 0.1] [--csv]
//! ```
//!
//! Prints WAPE (and bias) of the rest of the day per method and cut, then overall.
//! `sim:CV:SEED` backtests a simulated history instead of a file: the 30 weeks of the tests in
//! `sim-history/tests/intraday.rs` (30-minute Poisson counts on a 08:00–18:00 profile, about 1,000
//! contacts a weekday, a Gamma day factor with coefficient of variation CV).

#[path = "../tests/common/mod.rs"]
mod common;

use sim_history::forecast::Method;
use sim_history::intraday::{intraday_backtest, IntradayOptions, ReforecastMethod};
use sim_history::{HistoryOptions, IntervalHistory};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: intraday_backtest HISTORY.csv [options]")?;
    let text = match path.strip_prefix("sim:") {
        Some(spec) => {
            let (cv, seed) = spec.split_once(':').ok_or("sim:CV:SEED expected")?;
            let cv: f64 = cv.parse().map_err(|_| "sim:CV:SEED: CV is a number")?;
            let seed: u64 = seed
                .parse()
                .map_err(|_| "sim:CV:SEED: SEED is an integer")?;
            let first = sim_history::chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
            let mut sim = common::Sim::new(seed);
            let counts = common::simulate(&mut sim, first, 210, cv);
            common::to_csv(first, &counts, &[])
        }
        None => std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?,
    };
    let history =
        IntervalHistory::parse(&text, &HistoryOptions::default()).map_err(|e| e.to_string())?;
    let mut options = IntradayOptions::default();
    let mut csv = false;
    let mut cut_times: Option<String> = None;
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--base" => {
                let v = value()?;
                options.base = Method::parse(&v).ok_or(format!("unknown base method {v}"))?;
            }
            "--methods" => {
                options.methods = value()?
                    .split(',')
                    .map(ReforecastMethod::parse)
                    .collect::<Result<_, _>>()
                    .map_err(|e| e.to_string())?;
            }
            "--cuts" => cut_times = Some(value()?),
            "--min-deviation" => {
                options.min_deviation = value()?.parse().map_err(|_| "--min-deviation: a number")?
            }
            "--csv" => csv = true,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if let Some(times) = cut_times {
        let mut cuts = Vec::new();
        for t in times.split(',') {
            let (h, m) = t
                .split_once(':')
                .ok_or(format!("cut {t}: HH:MM expected"))?;
            let minutes: u32 = h.parse::<u32>().map_err(|_| format!("cut {t}"))? * 60
                + m.parse::<u32>().map_err(|_| format!("cut {t}"))?;
            if !minutes.is_multiple_of(history.interval_minutes) {
                return Err(format!("cut {t} is not an interval boundary"));
            }
            cuts.push((minutes / history.interval_minutes) as usize);
        }
        options.cuts = Some(cuts);
    }
    let b = intraday_backtest(&history, &options).map_err(|e| e.to_string())?;
    if csv {
        print!("{}", b.rows_csv());
        return Ok(());
    }
    for (ty, days) in &b.days {
        println!(
            "{ty}: {days} days scored, original forecast {}, {}-minute intervals",
            b.base.name(),
            b.interval_minutes
        );
        let labels: Vec<String> = options.methods.iter().map(|m| m.label()).collect();
        let mut cuts: Vec<(usize, String)> = b
            .rows
            .iter()
            .filter(|r| &r.contact_type == ty)
            .map(|r| (r.cut_interval, r.cut_time.clone()))
            .collect();
        cuts.dedup();
        cuts.sort();
        cuts.dedup();
        print!("| cut | days |");
        for l in &labels {
            print!(" {l} |");
        }
        println!();
        print!("|---|---:|");
        for _ in &labels {
            print!("---:|");
        }
        println!();
        for (k, time) in &cuts {
            let days = b.row(ty, &labels[0], *k).map_or(0, |r| r.days);
            print!("| {time} | {days} |");
            for l in &labels {
                let r = b.row(ty, l, *k).expect("row");
                print!(" {:.2} % ({:+.1}) |", 100.0 * r.wape, 100.0 * r.bias);
            }
            println!();
        }
        print!("| all | |");
        for l in &labels {
            let o = b
                .overall
                .iter()
                .find(|o| &o.contact_type == ty && &o.method == l)
                .expect("overall");
            print!(" {:.2} % ({:+.1}) |", 100.0 * o.wape, 100.0 * o.bias);
        }
        println!();
    }
    Ok(())
}
