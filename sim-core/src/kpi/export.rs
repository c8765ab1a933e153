//! Text generated from the KPI catalogue (no I/O here): the web app's TypeScript module
//! `web/src/generated/kpis.ts` and the catalogue tables of `docs/kpis.md`.
//! `sim-core/tests/kpi_catalogue.rs` fails when the files are stale and rewrites them with
//! `UPDATE_GENERATED=1`.

use super::{KpiDef, Show, Unit, CONTACT_KPIS, GROUP_KPIS, INTERVAL_KPIS};
use std::fmt::Write;

/// The command that regenerates the files.
pub const REGENERATE: &str = "UPDATE_GENERATED=1 cargo test -p sim-core --test kpi_catalogue";

fn ts_str(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn ts_ids(out: &mut String, name: &str, defs: &[KpiDef], doc: &str) {
    let _ = writeln!(out, "/** {doc} */");
    let _ = writeln!(out, "export const {name} = [");
    for d in defs {
        let _ = writeln!(out, "  {},", ts_str(d.id));
    }
    let _ = writeln!(out, "] as const;\n");
}

/// `web/src/generated/kpis.ts`: the catalogue for the web app.
pub fn typescript() -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Generated from sim-core's KPI catalogue (sim-core/src/kpi/defs.rs); do not edit.\n\
         // Regenerate: {REGENERATE}\n"
    );
    let units: Vec<String> = Unit::ALL.iter().map(|u| ts_str(u.name())).collect();
    let _ = writeln!(out, "export type Unit = {};\n", units.join(" | "));
    let shows: Vec<String> = [Show::Headline, Show::WhenNonZero, Show::OnRequest]
        .iter()
        .map(|s| ts_str(s.name()))
        .collect();
    let _ = writeln!(
        out,
        "/** Whether a KPI is in the default tables: always, when it happens (non-zero), or only in full tables. */\n\
         export type Show = {};\n",
        shows.join(" | ")
    );
    out.push_str(
        "export interface KpiMeta {\n  id: string;\n  label: string;\n  unit: Unit;\n  \
         /** +1 when higher is better, -1 when lower is better, 0 when neutral. */\n  \
         better: 1 | -1 | 0;\n  show: Show;\n  /** The formula in one line (docs/kpis.md). */\n  \
         help: string;\n}\n\n",
    );
    ts_ids(
        &mut out,
        "CONTACT_KPIS",
        CONTACT_KPIS,
        "KPIs of contacts (report `kpis` first, and each `by_type`), in report order.",
    );
    ts_ids(
        &mut out,
        "GROUP_KPIS",
        GROUP_KPIS,
        "KPIs of agent time (report `kpis` after the contact KPIs, and each `by_group`).",
    );
    ts_ids(
        &mut out,
        "INTERVAL_KPIS",
        INTERVAL_KPIS,
        "KPIs of each interval (`by_interval[i].kpis` and its `by_type`).",
    );
    out.push_str(
        "export type KpiId = (typeof CONTACT_KPIS)[number] | (typeof GROUP_KPIS)[number];\n\n",
    );
    let _ = writeln!(out, "export const KPIS: Record<KpiId, KpiMeta> = {{");
    for d in CONTACT_KPIS.iter().chain(GROUP_KPIS) {
        let _ = writeln!(
            out,
            "  {}: {{ id: {}, label: {}, unit: {}, better: {}, show: {}, help: {} }},",
            d.id,
            ts_str(d.id),
            ts_str(d.label),
            ts_str(d.unit.name()),
            d.direction.sign(),
            ts_str(d.show.name()),
            ts_str(d.help)
        );
    }
    out.push_str("};\n");
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// A Markdown table of a KPI set: id, label, unit, which values are better, shown by default,
/// and (with `formulas`) the formula.
pub fn markdown_table(defs: &[KpiDef], formulas: bool) -> String {
    let mut out = String::from("| KPI | label | unit | better | shown |");
    out.push_str(if formulas {
        " formula |\n|---|---|---|---|---|---|\n"
    } else {
        "\n|---|---|---|---|---|\n"
    });
    for d in defs {
        let show = match d.show {
            Show::Headline => "always",
            Show::WhenNonZero => "when non-zero",
            Show::OnRequest => "on request",
        };
        let _ = write!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            d.id,
            md_cell(d.label),
            d.unit.name(),
            d.direction.better(),
            show
        );
        if formulas {
            let _ = write!(out, " {} |", md_cell(d.help));
        }
        out.push('\n');
    }
    out
}

/// The generated sections of docs/kpis.md: (marker name, content).
pub fn markdown_sections() -> [(&'static str, String); 3] {
    [
        ("contact", markdown_table(CONTACT_KPIS, true)),
        ("group", markdown_table(GROUP_KPIS, true)),
        ("interval", markdown_table(INTERVAL_KPIS, false)),
    ]
}
