//! The forecast's scenario.toml: runnable (sim-core validation), built on a base or the default,
//! with per-interval arrivals over the horizon, volume_cv and handle-time factors.

mod common;

use common::{simulate, to_csv, Sim};
use sim_core::{Format, Limits, Model, Scenario};
use sim_history::chrono::NaiveDate;
use sim_history::{forecast, ForecastOptions, HistoryOptions, IntervalHistory};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Validates the TOML with sim-core. Until sim-core knows `handle_time_factors` (the engine side
/// of issue #13 adds it), the field is checked here and removed before validation.
fn validate(text: &str) -> Model {
    let knows = Scenario::parse(
        "version = 1\nname = \"x\"\n[[contact_types]]\nid = \"a\"\narrivals = { rate_per_hour = 1 }\n\
         handle_time = { dist = \"exponential\", mean = 1 }\nhandle_time_factors = [1.0]\n\
         [[agent_groups]]\nid = \"g\"\nskills = [\"a\"]\nstaffing = { constant = 1 }\n",
        Format::Toml,
    )
    .is_ok();
    let mut value: toml::Value = toml::from_str(text).expect("valid TOML");
    if !knows {
        for t in value["contact_types"].as_array_mut().unwrap() {
            t.as_table_mut().unwrap().remove("handle_time_factors");
        }
    }
    let s = Scenario::parse(&toml::to_string(&value).unwrap(), Format::Toml).expect("parses");
    Model::compile(&s, Limits::default()).expect("validates")
}

fn history_with_aht() -> IntervalHistory {
    let first = date("2024-01-01");
    let counts = simulate(&mut Sim::new(3), first, 56, 0.0);
    let mut text = String::from("interval_start,contact_type,offered,handled,aht_s\n");
    for line in to_csv(first, &counts, &[]).lines().skip(1) {
        let mut f = line.split(',');
        let (at, ty, n) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
        // AHT 240 s in the morning, 360 s after 12:00
        let aht = if at[11..13].parse::<u32>().unwrap() < 12 {
            240
        } else {
            360
        };
        text.push_str(&format!("{at},{ty},{n},{n},{aht}\n"));
    }
    IntervalHistory::parse(&text, &HistoryOptions::default()).unwrap()
}

#[test]
fn default_scenario_is_runnable_and_covers_the_horizon() {
    let h = history_with_aht();
    let f = forecast(&h, &ForecastOptions::new(date("2024-02-26"), 7)).unwrap();
    let text = f.scenario_toml(None).unwrap();
    let model = validate(&text);
    assert_eq!(model.n_intervals, 7 * 48);
    let value: toml::Value = toml::from_str(&text).unwrap();
    assert_eq!(value["days"].as_integer(), Some(7));
    assert_eq!(value["start_weekday"].as_str(), Some("mon"));
    let ct = &value["contact_types"][0];
    assert_eq!(
        ct["arrivals"]["per_interval"].as_array().unwrap().len(),
        7 * 48
    );
    let factors = ct["handle_time_factors"].as_array().unwrap();
    assert_eq!(factors.len(), 7 * 48);
    let mean = ct["handle_time"]["mean"].as_float().unwrap();
    assert!((200.0..400.0).contains(&mean), "{mean}");
    let f9 = factors[9 * 2].as_float().unwrap(); // Monday 09:00
    let f15 = factors[15 * 2].as_float().unwrap();
    assert!(
        (f9 * mean - 240.0).abs() < 0.5 && (f15 * mean - 360.0).abs() < 0.5,
        "{f9} {f15}"
    );
    let staffed = &value["agent_groups"][0]["staffing"]["per_interval"];
    assert!(staffed[9 * 2].as_integer().unwrap() > 0);
    assert_eq!(staffed[2].as_integer(), Some(0), "closed at 01:00");
}

#[test]
fn base_scenario_keeps_its_groups_and_matches_types_by_id() {
    let h = history_with_aht();
    let f = forecast(&h, &ForecastOptions::new(date("2024-02-28"), 3)).unwrap();
    let base = Scenario::parse(
        "version = 1\nname = \"Base\"\ninterval_minutes = 30\n\
         [[contact_types]]\nid = \"calls\"\narrivals = { rate_per_hour = 10 }\n\
         handle_time = { dist = \"lognormal\", mean = 250, sd = 100 }\nwrap_up = { dist = \"constant\", value = 50 }\n\
         patience = { dist = \"exponential\", mean = 120 }\n\
         [[contact_types]]\nid = \"email\"\nchannel = \"email\"\narrivals = { per_day = 50 }\n\
         handle_time = { dist = \"exponential\", mean = 400 }\n\
         [[agent_groups]]\nid = \"team\"\nskills = [\"calls\", \"email\"]\n\
         [[agent_groups.shifts]]\nstart = \"08:00\"\nend = \"18:00\"\nagents = 40\n",
        Format::Toml,
    )
    .unwrap();
    let text = f.scenario_toml(Some(&base)).unwrap();
    validate(&text);
    let value: toml::Value = toml::from_str(&text).unwrap();
    assert_eq!(value["days"].as_integer(), Some(3));
    assert_eq!(value["start_weekday"].as_str(), Some("wed"));
    assert_eq!(
        value["agent_groups"][0]["shifts"][0]["agents"].as_integer(),
        Some(40)
    );
    let calls = &value["contact_types"][0];
    assert_eq!(calls["patience"]["mean"].as_float(), Some(120.0));
    assert_eq!(
        calls["arrivals"]["per_interval"].as_array().unwrap().len(),
        3 * 48
    );
    // factors relative to the base's mean handle + wrap-up (250 + 50 = 300)
    let f9 = calls["handle_time_factors"][9 * 2].as_float().unwrap();
    assert!((f9 - 0.8).abs() < 0.002, "{f9}");
    // the base type without history is kept as written
    assert_eq!(
        value["contact_types"][1]["arrivals"]["per_day"].as_float(),
        Some(50.0)
    );

    // a history type the base lacks, or other intervals, are clear errors
    let mut other = base.clone();
    other.contact_types[0].id = "voice".into();
    let e = f.scenario_toml(Some(&other)).unwrap_err();
    assert!(e.to_string().contains("`calls`"), "{e}");
    let mut other = base.clone();
    other.interval_minutes = 15;
    let e = f.scenario_toml(Some(&other)).unwrap_err();
    assert!(e.to_string().contains("--interval-minutes 15"), "{e}");
}
