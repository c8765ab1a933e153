//! The KPI catalogue is the only list of KPIs: the web app's TypeScript module and the tables of
//! docs/kpis.md are generated from it (these tests fail when they are stale; `UPDATE_GENERATED=1
//! cargo test -p sim-core --test kpi_catalogue` rewrites them, review the diff), and no front end
//! keeps a second list or unit table.

use sim_core::kpi::{
    self, export, ContactKpis, GroupKpis, IntervalKpis, KpiDef, OverallKpis, Show, Unit,
    CONTACT_KPIS, GROUP_KPIS, INTERVAL_KPIS,
};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn updating() -> bool {
    std::env::var("UPDATE_GENERATED").is_ok()
}

fn stale(what: &str) -> String {
    format!(
        "{what} is stale: the KPI catalogue (sim-core/src/kpi/defs.rs) changed. Run `{}` and review the diff",
        export::REGENERATE
    )
}

#[test]
fn web_typescript_is_generated_from_the_catalogue() {
    let path = root().join("web/src/generated/kpis.ts");
    let text = export::typescript();
    if updating() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(on_disk == text, "{}", stale("web/src/generated/kpis.ts"));
    for d in CONTACT_KPIS.iter().chain(GROUP_KPIS) {
        assert!(
            text.contains(&format!("  {}: {{ id: '{}',", d.id, d.id)),
            "{}",
            d.id
        );
    }
}

/// Replaces the text between `<!-- kpi-catalogue:NAME -->` and `<!-- /kpi-catalogue:NAME -->`.
fn splice(doc: &str, name: &str, content: &str) -> Option<String> {
    let open = format!("<!-- kpi-catalogue:{name} -->\n");
    let close = format!("<!-- /kpi-catalogue:{name} -->");
    let a = doc.find(&open)? + open.len();
    let b = a + doc[a..].find(&close)?;
    Some(format!("{}{content}{}", &doc[..a], &doc[b..]))
}

#[test]
fn docs_tables_are_generated_from_the_catalogue() {
    let path = root().join("docs/kpis.md");
    let doc = std::fs::read_to_string(&path).expect("docs/kpis.md");
    let mut want = doc.clone();
    for (name, table) in export::markdown_sections() {
        want = splice(&want, name, &table)
            .unwrap_or_else(|| panic!("docs/kpis.md has no kpi-catalogue:{name} markers"));
    }
    if updating() {
        std::fs::write(&path, &want).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert!(on_disk == want, "{}", stale("docs/kpis.md"));
}

#[test]
fn every_kpi_is_defined_once_and_completely() {
    let mut ids = BTreeSet::new();
    let mut labels = BTreeSet::new();
    for d in CONTACT_KPIS.iter().chain(GROUP_KPIS) {
        assert!(ids.insert(d.id), "{} is defined twice", d.id);
        assert!(labels.insert(d.label), "label {} is used twice", d.label);
        assert!(!d.label.is_empty() && !d.help.is_empty(), "{d:?}");
        assert!(
            d.id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{}",
            d.id
        );
        // the unit is the one the id promises (times in seconds end in _s, hours in _hours)
        assert_eq!(d.id.ends_with("_s"), d.unit == Unit::Seconds, "{}", d.id);
        assert_eq!(d.id.ends_with("_hours"), d.unit == Unit::Hours, "{}", d.id);
    }
    // interval KPIs are the contact or group KPIs of the same id
    for d in INTERVAL_KPIS {
        assert_eq!(kpi::def_of(d.id), Some(d), "{}", d.id);
    }
    assert_eq!(ContactKpis::LEN, CONTACT_KPIS.len());
    assert_eq!(GroupKpis::LEN, GROUP_KPIS.len());
    assert_eq!(IntervalKpis::LEN, INTERVAL_KPIS.len());
    assert_eq!(OverallKpis::LEN, kpi::overall_names().len());
    // the definitions by field are the catalogue in field order
    assert_eq!(ContactKpis::DEF.to_array().as_slice(), CONTACT_KPIS);
    assert_eq!(GroupKpis::DEF.to_array().as_slice(), GROUP_KPIS);
    assert_eq!(IntervalKpis::DEF.to_array().as_slice(), INTERVAL_KPIS);
    assert_eq!(ContactKpis::DEF.service_level.id, "service_level");
    assert_eq!(GroupKpis::DEF.cost.unit, Unit::Money);
    assert!(
        CONTACT_KPIS.iter().any(|d| d.show == Show::Headline)
            && GROUP_KPIS.iter().any(|d| d.show == Show::Headline)
    );
}

/// Values are serialised in catalogue order (the report's keys, shard files, CSV columns), NaN as
/// null, and read back only with the right count.
#[test]
fn values_keep_their_names_through_serde() {
    let mut v = [0.0; ContactKpis::LEN];
    for (i, x) in v.iter_mut().enumerate() {
        *x = i as f64;
    }
    v[kpi::index_of(CONTACT_KPIS, "asa_s").unwrap()] = f64::NAN;
    let k = ContactKpis::from_values(v);
    assert_eq!(k.arrivals, 0.0);
    assert_eq!(k.in_self_service_end, (ContactKpis::LEN - 1) as f64);
    assert!(k.asa_s.is_nan());
    let json = serde_json::to_string(&k).unwrap();
    assert!(json.starts_with("[0.0,1.0,2.0,"), "{json}");
    assert!(json.contains(",null,"), "{json}");
    let back: ContactKpis = serde_json::from_str(&json).unwrap();
    assert_eq!(back.values()[..13], k.values()[..13]);
    let short = serde_json::from_str::<ContactKpis>("[1.0,2.0]").unwrap_err();
    assert!(
        short.to_string().contains("expected 30 KPI values, got 2"),
        "{short}"
    );
    let o = OverallKpis {
        contacts: k,
        agents: GroupKpis::undefined(),
    };
    let j = serde_json::to_string(&o).unwrap();
    let back: OverallKpis = serde_json::from_str(&j).unwrap();
    assert_eq!(back.contacts.offered, k.offered);
    assert_eq!(j.matches("null").count(), 1 + GroupKpis::LEN);
}

/// KPI ids specific enough not to occur by chance (every id with an underscore: `offered` or
/// `cost` are ordinary words, `service_level_excl_short` is not).
fn distinctive_ids() -> Vec<&'static str> {
    CONTACT_KPIS
        .iter()
        .chain(GROUP_KPIS)
        .map(|d: &KpiDef| d.id)
        .filter(|id| id.contains('_'))
        .collect()
}

/// A file naming this many distinctive KPI ids keeps its own KPI list (the catalogue has 27);
/// the views that pick a few KPIs by name name at most 8 (web/src/planner/results.ts).
const LIST_SIZE: usize = 10;

fn ids_named(text: &str, ids: &[&'static str]) -> Vec<&'static str> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    ids.iter()
        .copied()
        .filter(|id| {
            text.match_indices(id).any(|(i, _)| {
                let before = text.as_bytes().get(i.wrapping_sub(1)).copied();
                let after = text.as_bytes().get(i + id.len()).copied();
                !before.is_some_and(word) && !after.is_some_and(word)
            })
        })
        .collect()
}

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = e.unwrap().path();
        if p.is_dir() {
            source_files(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "rs" || x == "ts" || x == "mjs")
        {
            out.push(p);
        }
    }
}

#[test]
fn no_front_end_keeps_a_second_kpi_list() {
    let ids = distinctive_ids();
    assert!(ids.len() >= 25, "{ids:?}");
    // the check finds a list: the generated module is one
    let generated = root().join("web/src/generated");
    let ts = export::typescript();
    assert_eq!(ids_named(&ts, &ids).len(), ids.len());
    assert!(ids_named("x.asa_s + asa_s_total + my_asa_s", &ids) == ["asa_s"]);
    let mut files = Vec::new();
    for dir in ["sim-cli/src", "sim-wasm/src", "web/src"] {
        source_files(&root().join(dir), &mut files);
    }
    assert!(files.len() > 30, "{files:?}");
    let mut lists = Vec::new();
    for f in files.iter().filter(|f| !f.starts_with(&generated)) {
        let text = std::fs::read_to_string(f).unwrap();
        let named = ids_named(&text, &ids);
        if named.len() >= LIST_SIZE {
            lists.push(format!("{} names {named:?}", f.display()));
        }
    }
    assert!(
        lists.is_empty(),
        "KPI lists outside sim-core's catalogue (read sim_core::kpi or web/src/generated/kpis.ts instead):\n{}",
        lists.join("\n")
    );
}
