//! Fuzzes the scenario parser and validator: arbitrary bytes as TOML (first byte even) or JSON
//! (first byte odd); small valid scenarios are also simulated. See ../check.rs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sim_core::Format;

#[path = "../check.rs"]
mod check;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = if sel % 2 == 0 {
        Format::Toml
    } else {
        Format::Json
    };
    let _ = check::check_input_and_run(text, format);
});
