//! The error catalogue: one example file per distinct validation or parse message, with the
//! exact message ccsim prints. `docs/errors.md` is rendered from the table below plus the real
//! messages, and this test checks, entry by entry, that the document shows exactly what the
//! code says today — so the catalogue cannot drift from the code.
//!
//! After changing a message on purpose: `UPDATE_ERRORS_DOC=1 cargo test -p sim-core --test
//! errors_catalogue` rewrites docs/errors.md; review the diff.
//!
//! A second test scans the validation sources for message texts and fails when one has no
//! catalogue entry (a new error needs an example here).

use sim_core::{Format, Model};
use std::path::PathBuf;

/// The example every entry starts from (valid as it stands).
const BASE: &str = r#"version = 1
name = "Example"

[[contact_types]]
id = "voice"
arrivals = { rate_per_hour = 100 }
handle_time = { dist = "exponential", mean = 180 }

[[agent_groups]]
id = "team"
skills = ["voice"]
staffing = { constant = 10 }
"#;

/// How an example differs from BASE: replace `from` by `to` (once), or a whole file.
enum Example {
    Edit(&'static str, &'static str),
    Whole(Format, &'static str),
}
use Example::*;

struct Entry {
    /// Section title in docs/errors.md.
    title: &'static str,
    /// What it means and how to fix it.
    help: &'static str,
    example: Example,
}

const fn e(title: &'static str, help: &'static str, example: Example) -> Entry {
    Entry {
        title,
        help,
        example,
    }
}

const ARR: &str = "arrivals = { rate_per_hour = 100 }";
const HT: &str = "handle_time = { dist = \"exponential\", mean = 180 }";
const STAFF: &str = "staffing = { constant = 10 }";
const HEAD: &str = "name = \"Example\"";

const CATALOGUE: &[Entry] = &[
    // ------------------------------------------------------------ reading the file
    e("TOML syntax error", "The file is not valid TOML; the line is given. Here a string is not closed.",
      Edit(HEAD, "name = \"Example")),
    e("JSON syntax error", "The file is not valid JSON (files ending in .json are read as JSON).",
      Whole(Format::Json, "{ \"version\": 1, \"name\": \"Example\", }")),
    e("Unknown field", "A key the schema does not know, usually a typo; the allowed keys are listed.",
      Edit(HEAD, "name = \"Example\"\ncolour = \"blue\"")),
    e("Unknown field inside a section", "The path shows where the unknown key is.",
      Edit(ARR, "arrivals = { rate_per_hour = 100, rate = 5 }")),
    e("Missing field", "A required key is absent.",
      Edit("id = \"team\"\n", "")),
    e("Wrong type", "A value of the wrong kind, e.g. text where a number is expected.",
      Edit(HEAD, "name = \"Example\"\ndays = \"two\"")),
    e("Wrong type in JSON", "JSON files give the line and column.",
      Whole(Format::Json, "{ \"version\": \"1\", \"name\": \"Example\", \"contact_types\": [], \"agent_groups\": [] }")),
    e("Negative count", "Counts (agents, days, ports, capacity) are whole numbers >= 0.",
      Edit(STAFF, "staffing = { constant = -1 }")),
    e("Unknown distribution", "`dist` must name one of the supported distributions.",
      Edit(HT, "handle_time = { dist = \"normal\", mean = 180, sd = 60 }")),
    e("Wrong parameter for a distribution", "Each distribution takes its own parameters (gamma: mean and cv).",
      Edit(HT, "handle_time = { dist = \"gamma\", mean = 180, sd = 60 }")),
    // ------------------------------------------------------------ file-level settings
    e("Unsupported version", "Only schema version 1 exists.", Edit("version = 1", "version = 2")),
    e("Interval that does not divide a day", "Intervals must split 1440 minutes evenly.",
      Edit(HEAD, "name = \"Example\"\ninterval_minutes = 25")),
    e("Zero-day horizon", "", Edit(HEAD, "name = \"Example\"\ndays = 0")),
    e("Horizon above the limit", "Guards against runs that would take absurd time or memory; the CLI flag raises the limit.",
      Edit(HEAD, "name = \"Example\"\ndays = 36500")),
    e("Negative number", "Times, costs and rates must be finite and >= 0. The same message is used for every such field.",
      Edit(HEAD, "name = \"Example\"\nwarmup_minutes = -30")),
    e("Warm-up as long as the horizon", "The warm-up is excluded from statistics, so something must remain.",
      Edit(HEAD, "name = \"Example\"\nwarmup_minutes = 1440")),
    e("Unknown weekday", "Weekdays are mon … sun (full English names work too).",
      Edit(HEAD, "name = \"Example\"\nstart_weekday = \"montag\"")),
    e("No contact types", "", Edit("[[contact_types]]\nid = \"voice\"\narrivals = { rate_per_hour = 100 }\nhandle_time = { dist = \"exponential\", mean = 180 }\n", "contact_types = []\n")),
    e("No agent groups",
        "In TOML, top-level keys such as `agent_groups = []` must come before the first `[[table]]`.",
        Whole(
            Format::Toml,
            "version = 1\nname = \"Example\"\nagent_groups = []\n\n[[contact_types]]\nid = \"voice\"\n\
             arrivals = { rate_per_hour = 100 }\nhandle_time = { dist = \"exponential\", mean = 180 }\n",
        )
    ),
    e("Too many interval statistics", "Statistics are kept per interval and contact type; a long horizon at short intervals would need too much memory. This limit has no flag.",
      Edit(HEAD, "name = \"Example\"\ndays = 3660\ninterval_minutes = 15")),
    e("Too many agent-group statistics", "Agent time is also kept per interval and agent group (smaller cells, a higher limit). This limit has no flag.",
      Whole(Format::Toml, "version = 1\nname = \"Example\"\ndays = 3660\n\n[[contact_types]]\nid = \"voice\"\narrivals = { rate_per_hour = 100 }\nhandle_time = { dist = \"exponential\", mean = 180 }\n\n\
[[agent_groups]]\nid = \"g1\"\nskills = [\"voice\"]\nstaffing = { constant = 1 }\n\n[[agent_groups]]\nid = \"g2\"\nskills = [\"voice\"]\nstaffing = { constant = 1 }\n\n\
[[agent_groups]]\nid = \"g3\"\nskills = [\"voice\"]\nstaffing = { constant = 1 }\n\n[[agent_groups]]\nid = \"g4\"\nskills = [\"voice\"]\nstaffing = { constant = 1 }\n\n\
[[agent_groups]]\nid = \"g5\"\nskills = [\"voice\"]\nstaffing = { constant = 1 }\n\n[[agent_groups]]\nid = \"g6\"\nskills = [\"voice\"]\nstaffing = { constant = 1 }\n\n\
[[agent_groups]]\nid = \"g7\"\nskills = [\"voice\"]\nstaffing = { constant = 1 }\n\n[[agent_groups]]\nid = \"g8\"\nskills = [\"voice\"]\nstaffing = { constant = 1 }\n\n\
[[agent_groups]]\nid = \"g9\"\nskills = [\"voice\"]\nstaffing = { constant = 1 }\n\n[[agent_groups]]\nid = \"g10\"\nskills = [\"voice\"]\nstaffing = { constant = 1 }\n\n\
[[agent_groups]]\nid = \"g11\"\nskills = [\"voice\"]\nstaffing = { constant = 1 }\n\n[[agent_groups]]\nid = \"g12\"\nskills = [\"voice\"]\nstaffing = { constant = 1 }\n")),
    e("Empty id", "", Edit("id = \"team\"", "id = \" \"")),
    e("Duplicate id", "Ids of contact types (and of groups) must be unique.",
      Edit("\n[[agent_groups]]", "\n[[contact_types]]\nid = \"voice\"\narrivals = { rate_per_hour = 1 }\nhandle_time = { dist = \"constant\", value = 60 }\n\n[[agent_groups]]")),
    // ------------------------------------------------------------ contact types
    e("Unknown channel", "", Edit("id = \"voice\"", "id = \"voice\"\nchannel = \"fax\"")),
    e("Patience on email", "Email waits in a backlog and never abandons.",
      Edit("id = \"voice\"", "id = \"voice\"\nchannel = \"email\"\npatience = { dist = \"exponential\", mean = 60 }")),
    e("Value that must be positive", "Means, scales and factors must be finite and > 0.",
      Edit(HT, "handle_time = { dist = \"exponential\", mean = 0 }")),
    e("Share outside 0…1", "Probabilities and shares (targets, absence, deflection, …) are between 0 and 1.",
      Edit(HT, "handle_time = { dist = \"exponential\", mean = 180 }\nservice_level = { threshold_s = 20, target = 80 }")),
    e("Uniform with max below min", "", Edit(HT, "handle_time = { dist = \"uniform\", min = 300, max = 60 }")),
    e("Empirical without samples", "", Edit(HT, "handle_time = { dist = \"empirical\", samples = [] }")),
    e("Gamma spread above 10", "A coefficient of variation above 10 is not a realistic duration.",
      Edit(HT, "handle_time = { dist = \"gamma\", mean = 180, cv = 20 }")),
    e("Distribution with an absurd mean", "Durations average at most one year.",
      Edit(HT, "handle_time = { dist = \"exponential\", mean = 1e9 }")),
    e("Parameters that give no usable distribution", "Each value is allowed on its own, but together they overflow (here sd² / mean²).",
      Edit(HT, "handle_time = { dist = \"lognormal\", mean = 1e-300, sd = 1 }")),
    e("Chat concurrency out of range", "", Edit("id = \"voice\"", "id = \"voice\"\nchannel = \"chat\"\nchat = { concurrency = 0 }")),
    e("Chat settings on another channel", "", Edit(HT, "handle_time = { dist = \"exponential\", mean = 180 }\nchat = { concurrency = 2 }")),
    e("Queue capacity on another channel", "Only calls get a busy signal.",
      Edit("id = \"voice\"", "id = \"voice\"\nchannel = \"chat\"\nqueue_capacity = 10")),
    e("Retry without patience", "",
      Edit(HT, "handle_time = { dist = \"exponential\", mean = 180 }\nretry = { probability = 0.3, delay = { dist = \"constant\", value = 60 } }")),
    e("Reference to an unknown contact type", "Transfers, repeats (fcr.repeat_as) and callbacks name another contact type by id.",
      Edit(HT, "handle_time = { dist = \"exponential\", mean = 180 }\ntransfers = [{ to = \"sales\", share = 0.1 }]")),
    e("Zero-time loop", "Every contact on the loop makes at least one new contact (by transfer, FCR repeat, redial or callback) without any time passing, so the clock would never advance. Loops that take time, or that die out (shares below 1), are fine.",
      Edit(HT, "handle_time = { dist = \"constant\", value = 0 }\ntransfers = [{ to = \"voice\", share = 1 }]")),
    e("Transfer shares above 1", "",
      Edit(HT, "handle_time = { dist = \"exponential\", mean = 180 }\ntransfers = [{ to = \"voice\", share = 0.7 }, { to = \"voice\", share = 0.6 }]")),
    e("Callback to the same contact type", "",
      Edit(HT, "handle_time = { dist = \"exponential\", mean = 180 }\ncallback = { offer_when_wait_s = 60, accept_share = 0.5, to = \"voice\" }")),
    e("No or several arrival volumes", "", Edit(ARR, "arrivals = { rate_per_hour = 100, per_day = 2400 }")),
    e("Wrong number of per-interval volumes", "", Edit(ARR, "arrivals = { per_interval = [10, 20, 30] }")),
    e("Wrong number of per-interval volumes over several days", "Over several days a list may also give one value per interval of the whole horizon.",
      Whole(Format::Toml, "version = 1\nname = \"Example\"\ndays = 2\n\n[[contact_types]]\nid = \"voice\"\narrivals = { per_interval = [10, 20, 30] }\n\
handle_time = { dist = \"exponential\", mean = 180 }\n\n[[agent_groups]]\nid = \"team\"\nskills = [\"voice\"]\nstaffing = { constant = 10 }\n")),
    e("Volume that is not a finite number", "Each value is allowed, but together they overflow: here 1e308 per hour × weekday factor 10 is infinite, and × scale 0 is not a number.",
      Edit(ARR, "arrivals = { rate_per_hour = 1e308, weekday_factors = [10, 10, 10, 10, 10, 10, 10], scale = 0 }")),
    e("Profile of zeros", "", Edit(ARR, "arrivals = { per_day = 1000, profile = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }")),
    e("Profile of the wrong length", "", Edit(ARR, "arrivals = { per_day = 1000, profile = [1, 2, 3] }")),
    e("Profile without per_day", "", Edit(ARR, "arrivals = { rate_per_hour = 100, profile = [1, 2] }")),
    e("Weekday factors of the wrong length", "", Edit(ARR, "arrivals = { rate_per_hour = 100, weekday_factors = [1, 1, 1, 1, 1] }")),
    e("Weekday profile for an unknown weekday", "The keys of `weekday_profiles` are mon, tue, wed, thu, fri, sat, sun.",
      Edit(ARR, "arrivals = { per_day = 1000, weekday_profiles = { monday = [1, 2] } }")),
    e("Weekday profile of the wrong length", "Like `profile`: one weight per interval of a day.",
      Edit(ARR, "arrivals = { per_day = 1000, weekday_profiles = { sat = [1, 2, 3] } }")),
    e("Weekday profiles without per_day", "", Edit(ARR, "arrivals = { rate_per_hour = 100, weekday_profiles = { sat = [1, 2] } }")),
    e("Empty volume group", "`volume_group` names the group of contact types that share one day-level forecast error.",
      Edit(ARR, "arrivals = { rate_per_hour = 100, volume_cv = 0.1, volume_group = \" \" }")),
    e("Different volume_cv in one volume group", "One shared draw has one coefficient of variation: give every type of the group the same `volume_cv`.",
      Whole(Format::Toml, "version = 1\nname = \"Example\"\n\n[[contact_types]]\nid = \"voice\"\narrivals = { rate_per_hour = 100, volume_cv = 0.1, volume_group = \"retail\" }\n\
handle_time = { dist = \"exponential\", mean = 180 }\n\n[[contact_types]]\nid = \"chat\"\narrivals = { rate_per_hour = 50, volume_cv = 0.2, volume_group = \"retail\" }\n\
handle_time = { dist = \"exponential\", mean = 180 }\n\n[[agent_groups]]\nid = \"team\"\nskills = [\"voice\", \"chat\"]\nstaffing = { constant = 10 }\n")),
    e("Wrong number of handle-time factors", "Like `arrivals.per_interval`: one value per interval of a day, or of the whole horizon.",
      Edit(HT, "handle_time = { dist = \"exponential\", mean = 180 }\nhandle_time_factors = [1, 1.2, 0.9]")),
    e("Volume above the limit", "The expected number of contacts per replication is too large; the CLI flag raises the limit.",
      Edit(ARR, "arrivals = { per_day = 1e9 }")),
    e("Contact type no group serves", "",
      Edit("\n[[agent_groups]]", "\n[[contact_types]]\nid = \"sales\"\narrivals = { rate_per_hour = 1 }\nhandle_time = { dist = \"constant\", value = 60 }\n\n[[agent_groups]]")),
    e("route_to names an unknown group", "", Edit(HT, "handle_time = { dist = \"exponential\", mean = 180 }\nroute_to = [\"backoffice\"]")),
    e("route_to names a group without the skill", "",
      Edit(HT, "handle_time = { dist = \"exponential\", mean = 180 }\nroute_to = [\"other\"]\n\n[[contact_types]]\nid = \"mail\"\nchannel = \"email\"\narrivals = { rate_per_hour = 1 }\nhandle_time = { dist = \"constant\", value = 60 }\n\n[[agent_groups]]\nid = \"other\"\nskills = [\"mail\"]\nstaffing = { constant = 1 }")),
    // ------------------------------------------------------------ agent groups
    e("Group without skills", "", Edit("skills = [\"voice\"]", "skills = []")),
    e("Skill listed twice", "", Edit("skills = [\"voice\"]", "skills = [\"voice\", \"voice\"]")),
    e("Unknown skill", "", Edit("skills = [\"voice\"]", "skills = [\"voice\", \"sales\"]")),
    e("Proficiency or overflow delay for a skill the group lacks", "",
      Edit(STAFF, "staffing = { constant = 10 }\nproficiency = { sales = 1.2 }")),
    e("Agents above the limit", "The agents of all groups together; checked before any schedule is built.", Edit(STAFF, "staffing = { constant = 200000 }")),
    e("Schedules above the limit", "Shift lines, breaks and off-phone blocks are expanded to one entry per agent and day over the horizon; checked before they are built. The CLI flag raises the limit.",
      Whole(Format::Toml, "version = 1\nname = \"Example\"\ndays = 3660\n\n[[contact_types]]\nid = \"voice\"\narrivals = { rate_per_hour = 100 }\n\
handle_time = { dist = \"exponential\", mean = 180 }\n\n[[agent_groups]]\nid = \"team\"\nskills = [\"voice\"]\n\
shifts = [{ start = \"08:00\", end = \"16:00\", agents = 10000 }]\n")),
    e("Cost above its upper bound", "Money per agent hour is at most 1 000 000 000 (in any currency), so costs stay finite.",
      Edit(STAFF, "staffing = { constant = 10 }\ncost_per_hour = 1e308")),
    e("Handle-time factor out of range", "`speed_factor`, `proficiency` and `handle_time_factors` are between 0.01 and 100.",
      Edit(STAFF, "staffing = { constant = 10 }\nspeed_factor = 0")),
    e("Neither staffing nor shifts", "", Edit("staffing = { constant = 10 }\n", "")),
    e("Both staffing and shifts", "",
      Edit(STAFF, "staffing = { constant = 10 }\nshifts = [{ start = \"08:00\", end = \"16:00\", agents = 5 }]")),
    e("Staffing with both or neither of constant and per_interval", "", Edit(STAFF, "staffing = { }")),
    e("Wrong number of per-interval headcounts", "", Edit(STAFF, "staffing = { per_interval = [1, 2, 3] }")),
    e("Bad clock time", "Times are \"HH:MM\" from 00:00 to 24:00.",
      Edit(STAFF, "shifts = [{ start = \"8h\", end = \"16:00\", agents = 5 }]")),
    e("Unknown weekday in a shift", "",
      Edit(STAFF, "shifts = [{ start = \"08:00\", end = \"16:00\", agents = 5, days = [\"mon\", \"funday\"] }]")),
    e("Break with both or neither of at and after", "",
      Edit(STAFF, "shifts = [{ start = \"08:00\", end = \"16:00\", agents = 5, breaks = [{ minutes = 15 }] }]")),
    e("Break that does not fit in its shift", "",
      Edit(STAFF, "shifts = [{ start = \"08:00\", end = \"12:00\", agents = 5, breaks = [{ after = \"03:30\", minutes = 60 }] }]")),
    e("Off-phone share of 1 or more", "",
      Edit(STAFF, "staffing = { constant = 10 }\noff_phone = [{ activity = \"training\", share = 1 }]")),
    e("Off-phone share with days", "",
      Edit(STAFF, "staffing = { constant = 10 }\noff_phone = [{ activity = \"training\", share = 0.1, days = [\"mon\"] }]")),
    e("Off-phone without share or start + minutes", "",
      Edit(STAFF, "staffing = { constant = 10 }\noff_phone = [{ activity = \"training\", start = \"10:00\" }]")),
    e("Several problems at once", "Every problem is reported, one per line, so a file can be fixed in one go.",
      Edit(HT, "handle_time = { dist = \"lognormal\", mean = -180, sd = 0 }\npatience = { dist = \"weibull\", shape = 0, scale = 60 }")),
];

fn example_text(x: &Example) -> (Format, String) {
    match x {
        Edit(from, to) => {
            assert!(
                BASE.contains(from),
                "example edit {from:?} does not apply to BASE"
            );
            (Format::Toml, BASE.replacen(from, to, 1))
        }
        Whole(f, text) => (*f, text.to_string()),
    }
}

/// The exact output for an example (every message, one per line).
fn message(x: &Example) -> String {
    let (f, text) = example_text(x);
    match Model::from_text(&text, f) {
        Ok(_) => "(accepted: the example is valid)".into(),
        Err(e) => e.to_string(),
    }
}

fn slug(title: &str) -> String {
    let s: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    s.split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn section(n: usize, entry: &Entry) -> String {
    let (f, text) = example_text(&entry.example);
    let lang = if f == Format::Json { "json" } else { "toml" };
    let mut s = format!("### {n}. {}\n\n", entry.title);
    if !entry.help.is_empty() {
        s += &format!("{}\n\n", entry.help);
    }
    s += &format!(
        "```{lang}\n{}\n```\n\nccsim says:\n\n```text\n{}\n```\n\n",
        text.trim_end(),
        message(&entry.example)
    );
    s
}

const INTRO: &str = "# Error catalogue

Every problem ccsim finds in a scenario file, with an example file and the exact message. Messages
have the form `path: what is wrong` — the path names the field (`contact_types[0].handle_time.mean`),
`(file)` means the file as a whole. All problems are reported at once, one per line. The CLI
prints them and exits with status 2; the web app shows them next to the editor.

This page is checked by `sim-core/tests/errors_catalogue.rs`: each example below is run and must
give exactly the message shown. After changing a message on purpose, regenerate it with
`UPDATE_ERRORS_DOC=1 cargo test -p sim-core --test errors_catalogue`.

Unless an example is a whole file, it is this valid file with one change:

```toml
";

fn render() -> String {
    let mut doc = format!("{INTRO}{}\n```\n\n## Contents\n\n", BASE.trim_end());
    for (i, entry) in CATALOGUE.iter().enumerate() {
        doc += &format!(
            "{}. [{}](#{}-{})\n",
            i + 1,
            entry.title,
            i + 1,
            slug(entry.title)
        );
    }
    doc += "\n## Errors\n\n";
    for (i, entry) in CATALOGUE.iter().enumerate() {
        doc += &section(i + 1, entry);
    }
    doc.trim_end().to_string() + "\n"
}

/// Every code fence opens on a line of its own (```` ``` ```` plus an optional language), closes on a
/// line that is exactly ```` ``` ````, and no fence marker hides inside a line (as in `}```` `),
/// where Markdown would not see it.
fn fences_balance(doc: &str) -> Result<(), String> {
    let mut open: Option<usize> = None;
    for (i, line) in doc.lines().enumerate() {
        let n = i + 1;
        match (line.find("```"), open) {
            (None, _) => {}
            (Some(p), _) if p > 0 => {
                return Err(format!(
                    "line {n}: a fence marker inside the line: {line:?}"
                ))
            }
            (Some(_), None) => open = Some(n),
            (Some(_), Some(_)) if line == "```" => open = None,
            (Some(_), Some(o)) => {
                return Err(format!(
                    "line {n}: {line:?} opens a fence inside the one opened on line {o}"
                ))
            }
        }
    }
    match open {
        Some(o) => Err(format!("the fence opened on line {o} never closes")),
        None => Ok(()),
    }
}

#[test]
fn the_fence_check_finds_broken_fences() {
    assert!(fences_balance("a\n```toml\nx = 1\n```\nb\n").is_ok());
    assert!(
        fences_balance("```toml\nx = 1```\n").is_err(),
        "marker glued to the last line"
    );
    assert!(fences_balance("```toml\nx = 1\n").is_err(), "never closed");
    assert!(
        fences_balance("```toml\n```text\n```\n").is_err(),
        "opened twice"
    );
}

fn doc_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/errors.md")
}

#[test]
fn every_catalogued_message_is_exactly_what_ccsim_says() {
    let rendered = render();
    if std::env::var("UPDATE_ERRORS_DOC").is_ok() {
        std::fs::write(doc_path(), &rendered).unwrap();
    }
    let doc = std::fs::read_to_string(doc_path()).expect("docs/errors.md exists");
    if let Err(e) = fences_balance(&rendered) {
        panic!("the rendered catalogue has a broken code fence: {e}");
    }
    if let Err(e) = fences_balance(&doc) {
        panic!("docs/errors.md has a broken code fence: {e} (regenerate with UPDATE_ERRORS_DOC=1)");
    }
    let mut wrong = Vec::new();
    for (i, entry) in CATALOGUE.iter().enumerate() {
        let msg = message(&entry.example);
        assert!(
            !msg.starts_with("(accepted"),
            "example \"{}\" is valid: it shows no error",
            entry.title
        );
        if !doc.contains(section(i + 1, entry).trim_end()) {
            wrong.push(format!(
                "  {}. {}: ccsim now says\n{msg}",
                i + 1,
                entry.title
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "docs/errors.md shows other messages than ccsim for:\n{}\n(regenerate with UPDATE_ERRORS_DOC=1 after checking the new wording)",
        wrong.join("\n")
    );
    assert_eq!(
        doc, rendered,
        "docs/errors.md differs from the catalogue (regenerate with UPDATE_ERRORS_DOC=1)"
    );
}

#[test]
fn every_example_shows_one_problem_unless_it_says_so() {
    for entry in CATALOGUE {
        let n = message(&entry.example).lines().count();
        if ["Several problems at once", "No contact types"].contains(&entry.title) {
            assert!(n >= 2, "{}", entry.title);
        } else {
            assert_eq!(n, 1, "{}: {}", entry.title, message(&entry.example));
        }
    }
}

/// Fixed text of every message literal in the validation sources must appear in some
/// catalogued message, so a new message cannot ship without an example.
#[test]
fn every_message_in_the_validation_code_is_catalogued() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let all: Vec<String> = CATALOGUE.iter().map(|e| message(&e.example)).collect();
    let all = all.join("\n");
    let mut missing = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(src.join("model"))
        .expect("src/model/")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    files.extend(["schedule.rs", "dist.rs", "error.rs"].map(|f| src.join(f)));
    for file in files {
        let code = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        // stop at the unit tests
        let code = code.split("#[cfg(test)]").next().unwrap();
        for lit in string_literals(code) {
            let is_message = [
                "must ",
                "give ",
                "needs ",
                "exceed",
                "unknown ",
                "only ",
                "listed twice",
                "not one of",
                "does not",
                "do not",
                "no agent group",
                "never abandon",
                "shares add up",
                "not used with",
            ]
            .iter()
            .any(|k| lit.contains(k));
            if !is_message {
                continue;
            }
            // the longest fixed piece between {placeholders}
            let piece = lit
                .split(['{', '}'])
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .map(|(_, p)| p.replace("\\\"", "\""))
                .max_by_key(|p| p.len())
                .unwrap_or_default();
            if piece.trim().len() >= 4 && !all.contains(piece.as_str()) {
                missing.push(format!("{}: \"{lit}\"", file.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "messages without a catalogue entry (add an example to errors_catalogue.rs):\n{}",
        missing.join("\n")
    );
}

/// String literals of Rust code (plain "…" only; enough for the message texts).
fn string_literals(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = code.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' => {
                // char literal or lifetime: skip 'x' and '\x'
                if b.get(i + 2) == Some(&b'\'') {
                    i += 3;
                } else if b.get(i + 1) == Some(&b'\\') && b.get(i + 3) == Some(&b'\'') {
                    i += 4;
                } else {
                    i += 1;
                }
            }
            b'"' => {
                let s = i + 1;
                let mut j = s;
                while j < b.len() && b[j] != b'"' {
                    if b[j] == b'\\' {
                        j += 1;
                    }
                    j += 1;
                }
                out.push(code[s..j.min(b.len())].to_string());
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

// ------------------------------------------------------------------ message bugs (fixed)

/// Was a bug (found here, fixed in sim-core): JSON syntax errors have no field path, and
/// serde_path_to_error rendered that as "?" (`?: trailing comma …`); TOML uses "(file)".
#[test]
fn json_syntax_errors_name_the_file() {
    let e = Model::from_text("{ \"version\": 1, }", Format::Json).unwrap_err();
    assert_eq!(e.to_string(), "(file): trailing comma at line 1 column 17");
}

/// Was a bug (found here, fixed in sim-core): `fmt_num` printed sums with float noise: shares
/// 0.7 + 0.6 were reported as "shares add up to 1.2999999999999998"; planners wrote 1.3. Now
/// numbers in messages are rounded to 10 significant digits (and 1e308 is not printed with 309
/// digits).
#[test]
fn numbers_in_messages_have_no_float_noise() {
    let text = BASE.replacen(
        HT,
        "handle_time = { dist = \"exponential\", mean = 180 }\ntransfers = [{ to = \"voice\", share = 0.7 }, { to = \"voice\", share = 0.6 }]",
        1,
    );
    let e = Model::from_text(&text, Format::Toml).unwrap_err();
    assert_eq!(
        e.to_string(),
        "contact_types[0].transfers: shares add up to 1.3, must be <= 1"
    );
}
