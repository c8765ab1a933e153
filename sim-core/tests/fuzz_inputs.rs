//! Byte-level fuzz harness (runs in CI; the coverage-guided twin is the cargo-fuzz crate in
//! `fuzz/`): arbitrary bytes, arbitrary TOML-ish text built from the schema's vocabulary, and
//! mutated valid scenarios go through `Scenario::parse` + `Model::compile` (`fuzz/check.rs`):
//! no panic, no hang, no unbounded allocation, every rejection names a field and a problem, and
//! every accepted scenario is consistent and exports to TOML/JSON that is accepted again.
//!
//! `tests/corpus/` keeps interesting inputs (seeds, and what fuzzing found) as regression cases:
//! `*.toml` / `*.json` are read as such, `*.fuzz` are raw cargo-fuzz inputs (first byte even =
//! TOML, odd = JSON).
//!
//! Case counts scale with `PROPTEST_CASES` (default 256 per strategy).

#[path = "../../fuzz/check.rs"]
mod check;

use check::{check_input, check_input_and_run, Outcome};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sim_core::{Format, Limits, Model, Scenario};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::Duration;

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Parse + validate on another thread; a case taking longer than `secs` is a hang.
fn checked(text: String, format: Format, secs: u64) -> Outcome {
    checked_with(text, format, secs, false)
}

/// Parse + validate + (when small) simulate one replication, on another thread with a deadline.
fn checked_run(text: String, format: Format, secs: u64) -> Outcome {
    checked_with(text, format, secs, true)
}

fn checked_with(text: String, format: Format, secs: u64, run: bool) -> Outcome {
    let (tx, rx) = mpsc::channel();
    let shown: String = text.chars().take(2000).collect();
    let h = std::thread::spawn(move || {
        let _ = tx.send(if run {
            check_input_and_run(&text, format)
        } else {
            check_input(&text, format)
        });
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(o) => o,
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            std::panic::resume_unwind(h.join().expect_err("no result"))
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("HANG: parse + validate took over {secs} s ({format:?}):\n{shown}")
        }
    }
}

/// Outcome counts per harness (printed with --nocapture: how many inputs got how far).
static TALLY: Mutex<BTreeMap<(&str, String), u64>> = Mutex::new(BTreeMap::new());

fn count(what: &'static str, o: &Outcome) {
    let k = match o {
        Outcome::KnownBug(b) => format!("known bug {b}"),
        other => format!("{other:?}"),
    };
    *TALLY.lock().unwrap().entry((what, k)).or_default() += 1;
}

fn report(what: &'static str, n: u32) {
    let t = TALLY.lock().unwrap();
    let mine: Vec<String> = t
        .iter()
        .filter(|((w, _), _)| *w == what)
        .map(|((_, k), v)| format!("{k}: {v}"))
        .collect();
    eprintln!(
        "fuzz_inputs: {what}: {n} cases; executions by outcome: {}",
        mine.join(", ")
    );
}

const SEEDS: &[(&str, &str)] = &[
    ("seed-full.toml", include_str!("corpus/seed-full.toml")),
    (
        "seed-minimal.json",
        include_str!("corpus/seed-minimal.json"),
    ),
];

// ------------------------------------------------------------------ strategies

/// Interesting atoms: values a hand-edited or foreign file may hold.
fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("1".to_string()),
        Just("30".to_string()),
        Just("1440".to_string()),
        Just("3660".to_string()),
        Just("4294967295".to_string()),
        Just("18446744073709551616".to_string()),
        Just("1e308".to_string()),
        Just("-0.0".to_string()),
        Just("nan".to_string()),
        Just("inf".to_string()),
        Just("-inf".to_string()),
        Just("1e-320".to_string()),
        Just("0.5".to_string()),
        Just("true".to_string()),
        Just("\"\"".to_string()),
        Just("\"voice\"".to_string()),
        Just("\"chat\"".to_string()),
        Just("\"email\"".to_string()),
        Just("\"mon\"".to_string()),
        Just("\"08:00\"".to_string()),
        Just("\"24:00\"".to_string()),
        Just("\"25:99\"".to_string()),
        Just("\"a\"".to_string()),
        Just("\"é\u{301}ñ\u{1F600}\"".to_string()),
        Just("1979-05-27T07:32:00Z".to_string()),
        (0u32..100000).prop_map(|n| n.to_string()),
        (-1e6f64..1e6).prop_map(|x| format!("{x}")),
        "[a-z_]{0,8}".prop_map(|s| format!("\"{s}\"")),
    ]
}

const KEYS: &[&str] = &[
    "version",
    "name",
    "description",
    "interval_minutes",
    "days",
    "start_weekday",
    "warmup_minutes",
    "short_abandon_s",
    "id",
    "channel",
    "rate_per_hour",
    "per_interval",
    "per_day",
    "profile",
    "weekday_factors",
    "volume_cv",
    "scale",
    "dist",
    "mean",
    "value",
    "min",
    "max",
    "sd",
    "cv",
    "shape",
    "samples",
    "threshold_s",
    "target",
    "max_abandon_rate",
    "priority",
    "queue_capacity",
    "concurrency",
    "slowdown",
    "probability",
    "deflection",
    "ports",
    "rate",
    "repeat_as",
    "to",
    "share",
    "offer_when_wait_s",
    "accept_share",
    "route_to",
    "skills",
    "constant",
    "start",
    "end",
    "agents",
    "at",
    "after",
    "minutes",
    "window_minutes",
    "absence",
    "activity",
    "speed_factor",
    "cost_per_hour",
    "agent_hour",
    "overtime_factor",
    "unknown",
];

const TABLES: &[&str] = &[
    "[[contact_types]]",
    "[[agent_groups]]",
    "[costs]",
    "[contact_types.arrivals]",
    "[contact_types.handle_time]",
    "[contact_types.patience]",
    "[contact_types.chat]",
    "[contact_types.retry]",
    "[contact_types.retry.delay]",
    "[contact_types.fcr]",
    "[contact_types.callback]",
    "[[contact_types.transfers]]",
    "[agent_groups.staffing]",
    "[[agent_groups.shifts]]",
    "[[agent_groups.shifts.breaks]]",
    "[[agent_groups.off_phone]]",
    "[agent_groups.proficiency]",
    "[agent_groups.overflow_delay_s]",
    "[x",
    "[[]]",
];

/// A value: an atom, an array of atoms or an inline table of key = atom.
fn value() -> impl Strategy<Value = String> {
    let arr = prop::collection::vec(atom(), 0..6).prop_map(|v| format!("[{}]", v.join(", ")));
    let inline = prop::collection::vec((prop::sample::select(KEYS), atom()), 0..4).prop_map(|kv| {
        let body: Vec<String> = kv.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        format!("{{ {} }}", body.join(", "))
    });
    prop_oneof![4 => atom(), 2 => arr, 2 => inline]
}

/// TOML-ish text: a header that is usually right, then random tables and key/value lines.
fn tomlish() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        6 => (prop::sample::select(KEYS), value()).prop_map(|(k, v)| format!("{k} = {v}")),
        2 => prop::sample::select(TABLES).prop_map(|t| t.to_string()),
        1 => "[ -~]{0,30}",
    ];
    (any::<bool>(), prop::collection::vec(line, 0..40)).prop_map(|(header, lines)| {
        let mut s = if header {
            "version = 1\nname = \"fuzz\"\n".to_string()
        } else {
            String::new()
        };
        s.push_str(&lines.join("\n"));
        s
    })
}

/// JSON-ish text: nested objects and arrays with schema keys and atoms.
fn jsonish() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        atom().prop_map(|a| match a.as_str() {
            "nan" | "inf" | "-inf" | "true" => a,
            _ if a.starts_with('"') || a.parse::<f64>().is_ok() => a,
            _ => format!("\"{a}\""),
        }),
        Just("null".to_string()),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                let body: Vec<String> = kv.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize, usize),
    SwapLines(usize, usize),
    /// Replace the k-th number in the text.
    Number(usize, String),
    /// Replace the k-th quoted string.
    Str(usize, String),
    InsertBytes(usize, Vec<u8>),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let weird_string = prop_oneof![
        Just(String::new()),
        Just("éé".to_string()),
        Just("mon\u{0}".to_string()),
        Just("\\u0000".to_string()),
        Just("x".repeat(300)),
        Just("24:01".to_string()),
        Just("sales".to_string()),
        Just("support".to_string()),
        Just("blend".to_string()),
        "[ -~]{0,6}",
        "\\PC{0,4}",
    ];
    prop_oneof![
        2 => any::<usize>().prop_map(Mutation::DeleteLine),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::DuplicateLine(a, b)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        8 => (any::<usize>(), atom()).prop_map(|(k, a)| Mutation::Number(k, a)),
        4 => (any::<usize>(), weird_string).prop_map(|(k, s)| Mutation::Str(k, s)),
        1 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(k, b)| Mutation::InsertBytes(k, b)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// Spans of numbers (outside of quotes) and of quoted strings' contents.
type Spans = Vec<(usize, usize)>;

fn spans(text: &str) -> (Spans, Spans) {
    let b = text.as_bytes();
    let (mut nums, mut strs) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' {
            let s = i + 1;
            let mut j = s;
            while j < b.len() && b[j] != b'"' {
                j += 1;
            }
            strs.push((s, j.min(b.len())));
            i = j + 1;
        } else if b[i].is_ascii_digit()
            || (b[i] == b'-' && b.get(i + 1).is_some_and(|c| c.is_ascii_digit()))
        {
            let s = i;
            i += 1;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'-' || b[i] == b'+')
            {
                i += 1;
            }
            nums.push((s, i));
        } else {
            i += 1;
        }
    }
    (nums, strs)
}

fn mutate(text: &str, muts: &[Mutation]) -> String {
    let mut t = text.to_string();
    for m in muts {
        let mut lines: Vec<String> = t.lines().map(String::from).collect();
        let n = lines.len().max(1);
        match m {
            Mutation::DeleteLine(k) if !lines.is_empty() => {
                lines.remove(k % n);
                t = lines.join("\n");
            }
            Mutation::DuplicateLine(a, b) if !lines.is_empty() => {
                let l = lines[a % n].clone();
                lines.insert(b % n, l);
                t = lines.join("\n");
            }
            Mutation::SwapLines(a, b) if !lines.is_empty() => {
                lines.swap(a % n, b % n);
                t = lines.join("\n");
            }
            Mutation::Number(k, v) => {
                let (nums, _) = spans(&t);
                if !nums.is_empty() {
                    let (s, e) = nums[k % nums.len()];
                    t.replace_range(s..e, v);
                }
            }
            Mutation::Str(k, v) => {
                let (_, strs) = spans(&t);
                if !strs.is_empty() {
                    let (s, e) = strs[k % strs.len()];
                    t.replace_range(s..e, v);
                }
            }
            Mutation::InsertBytes(k, bytes) => {
                let mut b = t.into_bytes();
                let at = k % (b.len() + 1);
                b.splice(at..at, bytes.iter().copied());
                t = String::from_utf8_lossy(&b).into_owned();
            }
            Mutation::Truncate(k) => {
                let mut at = k % (t.len() + 1);
                while !t.is_char_boundary(at) {
                    at -= 1;
                }
                t.truncate(at);
            }
            _ => {}
        }
    }
    t
}

// ------------------------------------------------------------------ schema-shaped documents

#[path = "../../fuzz/schema_doc.rs"]
mod schema;

#[test]
fn schema_shaped_documents_never_panic() {
    let n = cases(256) * 4;
    runner(n)
        .run(
            &(prop::collection::vec(any::<u8>(), 0..600), any::<bool>()),
            |(bytes, as_toml)| {
                let doc = schema::schema_doc(&bytes);
                match (as_toml, toml::to_string(&doc)) {
                    (true, Ok(text)) => count(
                        "schema-shaped documents",
                        &checked_run(text, Format::Toml, 10),
                    ),
                    _ => count(
                        "schema-shaped documents",
                        &checked_run(doc.to_string(), Format::Json, 10),
                    ),
                }
                Ok(())
            },
        )
        .unwrap();
    report("schema-shaped documents", n);
}

// ------------------------------------------------------------------ properties

#[test]
fn arbitrary_bytes_never_panic() {
    let n = cases(256);
    runner(n)
        .run(&prop::collection::vec(any::<u8>(), 0..1024), |bytes| {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            count("arbitrary bytes", &checked(text.clone(), Format::Toml, 10));
            count("arbitrary bytes", &checked(text, Format::Json, 10));
            Ok(())
        })
        .unwrap();
    report("arbitrary bytes", n);
}

#[test]
fn arbitrary_toml_never_panics() {
    let n = cases(256) * 2;
    runner(n)
        .run(&tomlish(), |text| {
            count("TOML-ish text", &checked(text, Format::Toml, 10));
            Ok(())
        })
        .unwrap();
    report("TOML-ish text", n);
}

#[test]
fn arbitrary_json_never_panics() {
    let n = cases(256);
    runner(n)
        .run(&jsonish(), |text| {
            count("JSON-ish text", &checked(text.clone(), Format::Json, 10));
            // a JSON object is also (mostly invalid) TOML
            count("JSON-ish text", &checked(text, Format::Toml, 10));
            Ok(())
        })
        .unwrap();
    report("JSON-ish text", n);
}

#[test]
fn mutated_valid_scenarios_never_panic() {
    let n = cases(256) * 2;
    let strat = (
        prop::sample::select(SEEDS),
        prop::collection::vec(mutation(), 1..3),
    );
    runner(n)
        .run(&strat, |((name, text), muts)| {
            let format = Format::from_path(name);
            count(
                "mutated scenarios",
                &checked_run(mutate(text, &muts), format, 10),
            );
            Ok(())
        })
        .unwrap();
    report("mutated scenarios", n);
}

#[test]
fn deeply_nested_input_is_rejected_not_overflowed() {
    for depth in [100, 10_000, 200_000] {
        let json = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(checked(json, Format::Json, 10), Outcome::ParseError);
        let toml = format!("a = {}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(checked(toml, Format::Toml, 10), Outcome::ParseError);
        let toml = format!("a = {}1{}", "{ b = ".repeat(depth), " }".repeat(depth));
        assert_eq!(checked(toml, Format::Toml, 10), Outcome::ParseError);
    }
}

#[test]
fn huge_inputs_finish_quickly() {
    // a 4 MB string value, a 1-million-element array, many unknown keys
    let big = format!("version = 1\nname = \"{}\"\n", "x".repeat(4 << 20));
    assert_eq!(checked(big, Format::Toml, 20), Outcome::ParseError);
    let arr = format!(
        "version = 1\nname = \"a\"\nx = [{}]",
        vec!["1"; 1_000_000].join(",")
    );
    assert_eq!(checked(arr, Format::Toml, 20), Outcome::ParseError);
    let keys: String = (0..100_000).map(|i| format!("k{i} = {i}\n")).collect();
    assert_eq!(checked(keys, Format::Toml, 20), Outcome::ParseError);
}

/// Every file in tests/corpus/ replays without a panic or hang; the seeds are valid.
#[test]
fn corpus_replays() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&p).unwrap();
        let (format, text) = match p.extension().and_then(|e| e.to_str()) {
            Some("toml") => (Format::Toml, String::from_utf8_lossy(&bytes).into_owned()),
            Some("json") => (Format::Json, String::from_utf8_lossy(&bytes).into_owned()),
            Some("fuzz") if !bytes.is_empty() => {
                let f = if bytes[0] % 2 == 0 {
                    Format::Toml
                } else {
                    Format::Json
                };
                (f, String::from_utf8_lossy(&bytes[1..]).into_owned())
            }
            _ => continue,
        };
        let o = checked_run(text, format, 10);
        if name.starts_with("seed-") {
            assert_eq!(o, Outcome::Accepted, "{name}");
        }
        n += 1;
    }
    assert!(n >= 2, "corpus is missing");
    eprintln!("fuzz_inputs: corpus: {n} files replayed");
}

// ------------------------------------------------------------------ bugs found

fn minimal(extra_head: &str, extra_type: &str) -> String {
    format!(
        "version = 1\nname = \"x\"\n{extra_head}\n[[contact_types]]\nid = \"a\"\n\
         arrivals = {{ rate_per_hour = 10 }}\nhandle_time = {{ dist = \"exponential\", mean = 100 }}\n\
         {extra_type}\n[[agent_groups]]\nid = \"g\"\nskills = [\"a\"]\nstaffing = {{ constant = 1 }}\n"
    )
}

fn compile_unchecked(text: &str) -> std::thread::Result<Result<Model, String>> {
    let text = text.to_string();
    std::panic::catch_unwind(move || {
        let s = Scenario::parse(&text, Format::Toml).map_err(|e| e.to_string())?;
        Model::compile(&s, Limits::default()).map_err(|e| e.to_string())
    })
}

/// Was a bug (found here, fixed in sim-core): `schedule::parse_weekday` sliced the lower-cased name at byte 3, which panics inside a
/// multi-byte character. Any weekday field (start_weekday, shift days, off-phone days) with
/// e.g. "éé" crashes validation instead of giving "must be one of mon, …".
#[test]
fn non_ascii_weekday_is_a_validation_error() {
    let r = compile_unchecked(&minimal("start_weekday = \"éé\"", ""));
    let err = r.expect("must not panic").expect_err("must be refused");
    assert_eq!(
        err,
        "start_weekday: must be one of mon, tue, wed, thu, fri, sat, sun, got \"éé\""
    );
}

/// Was a bug (found here, fixed in sim-core): a distribution whose parameters pass the field
/// checks but make the sampler constructor fail (sd² overflows, cv² underflows) is dropped *silently*: `handle_time` → the whole contact
/// type disappears from the model and indices shift (index-out-of-bounds panic in routing at
/// run time), `patience`/`wrap_up`/`retry.delay`/... → the option is ignored without a word.
#[test]
fn overflowing_distribution_parameters_are_refused() {
    // handle time: the type vanishes; the run panics (index out of bounds)
    let text = "version = 1\nname = \"x\"\n\
        [[contact_types]]\nid = \"a\"\narrivals = { rate_per_hour = 10 }\n\
        handle_time = { dist = \"lognormal\", mean = 1e-300, sd = 1 }\n\
        [[contact_types]]\nid = \"b\"\narrivals = { rate_per_hour = 10 }\n\
        handle_time = { dist = \"exponential\", mean = 100 }\n\
        [[agent_groups]]\nid = \"g\"\nskills = [\"a\", \"b\"]\nstaffing = { constant = 1 }\n";
    let m = compile_unchecked(text).expect("no panic");
    assert!(
        m.is_err(),
        "must be refused, got a model with {:?} types",
        m.map(|m| m.types.len())
    );
    // patience: silently never abandons
    let text = minimal(
        "",
        "patience = { dist = \"gamma\", mean = 100, cv = 1e-200 }",
    );
    assert!(compile_unchecked(&text).expect("no panic").is_err());
}

/// Was a bug (found here, fixed in sim-core): rates that overflow to infinity and are then
/// multiplied by 0 (weekday factor or scale) became NaN; `NaN > max_contacts` is false, so the
/// limit check passed and the type silently got no arrivals at all. Now every interval's
/// expected volume must be a finite number.
#[test]
fn non_finite_arrival_rates_are_refused() {
    let text = minimal(
        "interval_minutes = 1440",
        "",
    )
    .replace(
        "arrivals = { rate_per_hour = 10 }",
        "arrivals = { per_interval = [1e308], weekday_factors = [10, 10, 10, 10, 10, 10, 10], scale = 0 }",
    );
    let err = compile_unchecked(&text)
        .expect("no panic")
        .expect_err("must be refused");
    assert_eq!(
        err,
        "contact_types[0].arrivals: the expected contacts of interval 0 (volume × weekday factor × scale) are not a finite number, got NaN; use smaller values"
    );
}

/// Was a bug (found here, fixed in sim-core): Weibull with a tiny shape has an infinite mean (Γ(1 + 1/k) overflows) and draws +inf
/// durations in ~13 % of samples; it is accepted (only shape > 0 is checked).
#[test]
fn distributions_with_infinite_mean_are_refused() {
    let text = minimal("", "").replace(
        "handle_time = { dist = \"exponential\", mean = 100 }",
        "handle_time = { dist = \"weibull\", shape = 0.001, scale = 100 }",
    );
    assert!(compile_unchecked(&text).expect("no panic").is_err());
}
