//! Fuzzes validation (and, for small scenarios, one simulated replication) with schema-shaped
//! documents built from the input bytes (../schema_doc.rs), written as TOML (first byte even)
//! or JSON (odd). See ../check.rs for what is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sim_core::Format;

#[path = "../check.rs"]
mod check;
#[path = "../schema_doc.rs"]
mod schema;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let doc = schema::schema_doc(rest);
    if sel % 2 == 0 {
        if let Ok(text) = toml::to_string(&doc) {
            let _ = check::check_input_and_run(&text, Format::Toml);
            return;
        }
    }
    let _ = check::check_input_and_run(&doc.to_string(), Format::Json);
});
