//! `ccsim`: the command-line front end of the contact-center simulator. A thin layer: scenario
//! loading, flags, parallel replications, output formats, files and plots. All model logic lives
//! in sim-core.

// Per-interval tables index several parallel vectors by interval and group.
#![allow(clippy::needless_range_loop)]

mod acd_export;
mod calibrate_view;
mod cli;
mod cmd_calibrate;
mod cmd_compare;
mod cmd_erlang;
mod cmd_forecast;
mod cmd_intraday;
mod cmd_run;
mod cmd_schedule;
mod cmd_staff;
mod cmd_sweep;
mod cmd_validate;
mod error;
mod html;
mod output;
mod plots;
mod plots_gantt;
mod present;
mod runner;
mod schedule_view;
mod source;

use clap::Parser;
use cli::{Cli, Command};
use error::{EXIT_FAILURE, EXIT_OK};

fn main() {
    // Never show a Rust panic to a planner: report it as an internal error (exit code 1).
    std::panic::set_hook(Box::new(|info| {
        // several worker threads may fail at once: say it once
        static SAID: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        if SAID.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        let loc = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "ccsim: internal error ({msg}{loc}). This is a bug in ccsim; please report it with \
             the scenario file and the command line."
        );
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => e.exit(), // usage errors exit with 2, --help and --version with 0
    };
    runner::install_interrupt_handler();
    let code = match std::panic::catch_unwind(move || dispatch(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("ccsim: error: {e}");
            e.exit_code()
        }
        Err(_) => EXIT_FAILURE,
    };
    std::process::exit(code);
}

fn dispatch(cli: Cli) -> error::Result<i32> {
    match cli.command {
        Command::Run(a) => cmd_run::run(a),
        Command::Merge(a) => cmd_run::merge(a),
        Command::Compare(a) => cmd_compare::compare(a),
        Command::Sweep(a) => cmd_sweep::sweep(a),
        Command::Staff(a) => cmd_staff::staff(a),
        Command::Schedule(a) => cmd_schedule::schedule(a),
        Command::Intraday(a) => cmd_intraday::intraday(a),
        Command::Calibrate(a) => cmd_calibrate::calibrate(a),
        Command::Erlang(a) => cmd_erlang::erlang(a),
        Command::Forecast(a) => cmd_forecast::forecast(a),
        Command::Validate(a) => cmd_validate::validate(a),
        Command::Scenarios(a) => scenarios(a),
    }
}

fn scenarios(a: cli::ScenariosArgs) -> error::Result<i32> {
    match a.name {
        Some(n) => match source::bundled(&n) {
            Some(t) => output::print_stdout(t)?,
            None => {
                return Err(error::CliError::invalid(format!(
                    "no bundled scenario \"{n}\"; run `ccsim scenarios` for the list"
                )))
            }
        },
        None => {
            let mut s = String::from("Bundled scenarios (use the name instead of a file):\n");
            for (name, text) in source::BUNDLED {
                let title = sim_core::Scenario::parse(text, sim_core::Format::Toml)
                    .map(|x| x.name)
                    .unwrap_or_default();
                let mark = if *name == source::DEFAULT_SCENARIO {
                    " (default)"
                } else {
                    ""
                };
                s.push_str(&format!("  {name:<24} {title}{mark}\n"));
            }
            s.push_str("\n`ccsim scenarios NAME > my.toml` writes one out to edit.\n");
            output::print_stdout(&s)?;
        }
    }
    Ok(EXIT_OK)
}
