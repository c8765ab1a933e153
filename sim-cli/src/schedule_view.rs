//! Presentation of a [`ScheduleResult`]: text tables, the CSV files, plots and report.html.

use crate::error::Result;
use crate::html::Html;
use crate::output::{self, csv_num, file_safe, Align, OutDir, Table};
use crate::plots::{self, Chart, LineChart, Series, XAxis, PALETTE};
use crate::plots_gantt::{GanttChart, GanttRow};
use sim_core::Model;
use sim_plan::schedule::{Iteration, Rules, ScheduleResult, TargetCheck};

pub struct View<'a> {
    model: &'a Model,
    rules: &'a Rules,
    r: &'a ScheduleResult,
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |x| format!("{:.1} %", x * 100.0))
}

fn money(v: Option<f64>) -> String {
    v.map_or("-".into(), |x| format!("{x:.0}"))
}

impl<'a> View<'a> {
    pub fn new(model: &'a Model, rules: &'a Rules, r: &'a ScheduleResult) -> View<'a> {
        View { model, rules, r }
    }

    fn chosen(&self) -> Option<&Iteration> {
        // the chosen schedule's repair run: the verification names its iteration
        let it = self.r.verification.as_ref().map(|v| v.iteration)?;
        self.r.iterations.iter().find(|i| i.iteration == it)
    }

    fn headline(&self) -> String {
        let r = self.r;
        let status = match r.solver_status {
            sim_plan::schedule::SolveStatus::Optimal => "optimal".to_string(),
            sim_plan::schedule::SolveStatus::WithinGap => {
                format!("within {} of optimal", pct(r.gap))
            }
            sim_plan::schedule::SolveStatus::Limit => {
                format!("best found at the node/time limit, gap {}", pct(r.gap))
            }
        };
        let shifts: u32 = r
            .lines
            .iter()
            .map(|l| l.agents * l.days.iter().filter(|&&d| d).count() as u32)
            .sum();
        let people = if self.rules.weekly {
            format!(", {} people", r.lines.iter().map(|l| l.agents).sum::<u32>())
        } else {
            String::new()
        };
        let mut s = format!(
            "{}: generated schedule\n{} shift lines, {shifts} shifts a week{people}; cost {} over the horizon ({} a week); solver: {status}\n",
            r.scenario_name,
            r.rows.len(),
            money(Some(r.cost)),
            money(Some(r.weekly_cost)),
        );
        if r.requirement_given {
            s.push_str("Requirement given: the cheapest cover, simulated once (no repair).\n");
        } else if r.converged {
            s.push_str(&format!(
                "Met every target with a margin (mean ± 2 half-widths of the 95 % interval) after {} simulations; verified with seed {}: {}\n",
                r.iterations.len(),
                r.verification_seed,
                match &r.verification {
                    Some(v) if v.targets.iter().all(|t| t.met) => "all targets met",
                    Some(_) => "SOME TARGETS MISSED",
                    None => "not run",
                }
            ));
        } else {
            s.push_str(&format!(
                "NOT CONVERGED: no schedule met every target in {} simulations; the last one is shown\n",
                r.iterations.len()
            ));
        }
        if r.partial {
            s.push_str("PARTIAL RESULT (interrupted)\n");
        }
        s
    }

    /// Targets: current schedule, first cover (Erlang), chosen, verification.
    fn targets_table(&self) -> Table {
        let cols: Vec<(&str, Option<&Iteration>)> = vec![
            ("current schedule", self.r.baseline.as_ref()),
            ("first cover", self.r.first.as_ref()),
            ("generated", self.chosen()),
            ("verification", self.r.verification.as_ref()),
        ]
        .into_iter()
        .filter(|c| c.1.is_some())
        .collect();
        let mut header = vec!["target"];
        header.extend(cols.iter().map(|c| c.0));
        let mut t = Table::new(
            &header,
            &[
                Align::Left,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
            ],
        );
        let Some(reference) = cols.iter().find_map(|c| c.1) else {
            return t;
        };
        for (k, tc) in reference.targets.iter().enumerate() {
            let mut row = vec![describe_target(tc)];
            for (_, it) in &cols {
                let v = it.and_then(|it| it.targets.get(k));
                row.push(match v {
                    Some(v) => format!("{}{}", pct(v.mean), if v.met { "" } else { " MISSED" }),
                    None => "-".into(),
                });
            }
            t.row(row);
        }
        let mut row = vec!["paid hours (simulated)".to_string()];
        row.extend(cols.iter().map(|c| {
            c.1.and_then(|i| i.paid_hours)
                .map_or("-".into(), |h| format!("{h:.0}"))
        }));
        t.row(row);
        let mut row = vec!["cost by the scenario's costs".to_string()];
        row.extend(
            cols.iter()
                .map(|c| money(c.1.and_then(|i| i.scenario_cost))),
        );
        t.row(row);
        let mut row = vec!["cost by the rules".to_string()];
        row.extend(cols.iter().map(|c| money(c.1.and_then(|i| i.cost))));
        t.row(row);
        t
    }

    fn schedule_table(&self) -> Table {
        let mut t = Table::new(
            &[
                "group", "template", "start", "end", "weekdays", "agents", "breaks", "cost",
            ],
            &[
                Align::Left,
                Align::Left,
                Align::Left,
                Align::Left,
                Align::Left,
                Align::Right,
                Align::Left,
                Align::Right,
            ],
        );
        for r in &self.r.rows {
            t.row(vec![
                r.group.clone(),
                r.template.clone(),
                r.start.clone(),
                r.end.clone(),
                r.weekdays.clone(),
                r.agents.to_string(),
                r.breaks.clone(),
                money(Some(r.cost)),
            ]);
        }
        t
    }

    fn iterations_table(&self) -> Table {
        let mut t = Table::new(
            &[
                "run",
                "cost",
                "shifts/week",
                "req. agent-h/week",
                "met",
                "worst interval SL",
                "change",
            ],
            &[
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Left,
                Align::Right,
                Align::Left,
            ],
        );
        for it in &self.r.iterations {
            t.row(vec![
                it.iteration.to_string(),
                money(it.cost),
                it.shifts_per_week.to_string(),
                format!("{:.0}", it.required_agent_hours),
                if it.met { "yes" } else { "no" }.into(),
                pct(it.worst_interval_service_level),
                it.change.clone(),
            ]);
        }
        t
    }

    pub fn text(&self) -> String {
        format!(
            "{}\nTargets (mean over the horizon):\n{}\nSchedule:\n{}\nSimulations of the search:\n{}",
            self.headline(),
            self.targets_table().render("  "),
            self.schedule_table().render("  "),
            self.iterations_table().render("  ")
        )
    }

    /// schedule.csv: exactly group,template,start,weekdays,agents,breaks,cost.
    pub fn schedule_csv(&self) -> Result<String> {
        let header: Vec<String> = [
            "group", "template", "start", "weekdays", "agents", "breaks", "cost",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let rows: Vec<Vec<String>> = self
            .r
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.group.clone(),
                    r.template.clone(),
                    r.start.clone(),
                    r.weekdays.clone(),
                    r.agents.to_string(),
                    r.breaks.clone(),
                    csv_num(Some(r.cost)),
                ]
            })
            .collect();
        output::to_csv(&header, &rows)
    }

    pub fn coverage_csv(&self) -> Result<String> {
        let header: Vec<String> = [
            "interval",
            "label",
            "group",
            "warmup",
            "required",
            "scheduled",
            "net",
            "over_under",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let rows: Vec<Vec<String>> = self
            .r
            .coverage
            .iter()
            .map(|c| {
                vec![
                    c.interval.to_string(),
                    c.label.clone(),
                    c.group.clone(),
                    c.warmup.to_string(),
                    c.required.to_string(),
                    csv_num(Some(c.scheduled)),
                    csv_num(Some(c.net)),
                    csv_num(Some(c.over_under)),
                ]
            })
            .collect();
        output::to_csv(&header, &rows)
    }

    pub fn iterations_csv(&self) -> Result<String> {
        let mut header: Vec<String> = [
            "run",
            "purpose",
            "cost",
            "weekly_cost",
            "solver_status",
            "gap",
            "required_agent_hours",
            "shift_lines",
            "shifts_per_week",
            "paid_hours",
            "scenario_cost",
            "met",
            "intervals_below_floor",
            "worst_interval_service_level",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let reference = self.r.iterations.first();
        if let Some(it) = reference {
            header.extend(
                it.targets
                    .iter()
                    .map(|t| format!("{}.{}", t.contact_type, t.kpi)),
            );
        }
        header.push("change".into());
        let all = self
            .r
            .baseline
            .iter()
            .chain(&self.r.iterations)
            .chain(&self.r.verification);
        let rows = all
            .map(|it| {
                let mut row = vec![
                    it.iteration.to_string(),
                    format!("{:?}", it.purpose).to_lowercase(),
                    csv_num(it.cost),
                    csv_num(it.weekly_cost),
                    it.solver_status
                        .map_or(String::new(), |s| format!("{s:?}").to_lowercase()),
                    csv_num(it.gap),
                    csv_num(Some(it.required_agent_hours)),
                    it.shift_lines.to_string(),
                    it.shifts_per_week.to_string(),
                    csv_num(it.paid_hours),
                    csv_num(it.scenario_cost),
                    it.met.to_string(),
                    it.intervals_below_floor.to_string(),
                    csv_num(it.worst_interval_service_level),
                ];
                if let Some(reference) = reference {
                    for k in 0..reference.targets.len() {
                        row.push(csv_num(it.targets.get(k).and_then(|t| t.mean)));
                    }
                }
                row.push(it.change.clone());
                row
            })
            .collect::<Vec<_>>();
        output::to_csv(&header, &rows)
    }

    pub fn scenario_toml(&self, source: &str) -> String {
        format!(
            "# {} with the shifts generated by `ccsim schedule` from {source}\n# cost {:.0} over the horizon by the shift rules; see schedule.csv\n{}",
            self.r.scenario_name,
            self.r.cost,
            self.r.scenario.to_toml()
        )
    }

    fn coverage_chart(&self, group: &str) -> Chart {
        let rows: Vec<_> = self
            .r
            .coverage
            .iter()
            .filter(|c| c.group == group)
            .collect();
        let series =
            |name: &str, k: usize, f: &dyn Fn(&sim_plan::schedule::CoverageRow) -> f64| Series {
                name: name.to_string(),
                color: PALETTE[k],
                points: rows
                    .iter()
                    .map(|c| (c.interval as f64, (!c.warmup).then(|| f(c))))
                    .collect(),
                band: None,
                step: true,
            };
        Chart::Line(LineChart {
            title: format!(
                "{}: group {group}, agents per interval",
                self.r.scenario_name
            ),
            x_desc: "Interval".into(),
            y_desc: "Agents".into(),
            x: XAxis::Intervals(
                rows.iter().map(|c| c.label.clone()).collect(),
                self.model.intervals_per_day,
            ),
            percent: false,
            series: vec![
                series("required", 3, &|c| c.required as f64),
                series("scheduled (on shift)", 0, &|c| c.scheduled),
                series("on the phones (net of breaks)", 2, &|c| c.net),
            ],
            hlines: Vec::new(),
            legend_upper: true,
        })
    }

    fn gantt(&self, group: &str) -> Chart {
        let rows = self
            .r
            .lines
            .iter()
            .zip(&self.r.rows)
            .filter(|(_, row)| row.group == group)
            .map(|(l, row)| {
                let t = &self.rules.templates[l.template];
                let mut spans = Vec::new();
                for d in (0..7).filter(|&d| l.days[d]) {
                    let s = (d as u32 * 1440 + l.start) as f64 / 60.0;
                    spans.push((s, s + t.length as f64 / 60.0, false));
                    if let Some((_, offsets)) = l.breaks.iter().find(|(days, _)| days[d]) {
                        for (b, &o) in t.breaks.iter().zip(offsets) {
                            let bs = s + o as f64 / 60.0;
                            spans.push((bs, bs + b.minutes as f64 / 60.0, true));
                        }
                    }
                }
                GanttRow {
                    label: format!(
                        "{} {} ×{} {}",
                        row.template, row.start, row.agents, row.weekdays
                    ),
                    spans,
                }
            })
            .collect();
        Chart::Gantt(GanttChart {
            title: format!(
                "{}: shift lines of group {group} (blue) and breaks (orange)",
                self.r.scenario_name
            ),
            rows,
        })
    }

    pub fn html(&self, out: &mut OutDir) -> Result<String> {
        let mut html = Html::new(&format!("ccsim schedule: {}", self.r.scenario_name));
        html.h1(&format!("{}: generated schedule", self.r.scenario_name));
        for l in self.headline().lines() {
            html.p(l);
        }
        html.h2("Targets: current schedule, first cover, generated, verification");
        html.note("Current schedule: the input scenario as written, same seed (common random numbers). First cover: the cheapest schedule covering the Erlang requirement per interval (or the given requirement). Generated: the cheapest schedule that met every target in simulation. Verification: the generated schedule with an independent seed.");
        html.table(&self.targets_table());
        let mut groups: Vec<&str> = self.r.rows.iter().map(|r| r.group.as_str()).collect();
        groups.dedup();
        groups.sort_unstable();
        groups.dedup();
        for g in groups {
            html.h2(&format!("Group {g}"));
            let svg = plots::write_chart(
                out,
                &format!("coverage-{}", file_safe(g)),
                &self.coverage_chart(g),
            )?;
            html.svg(&svg);
            let svg = plots::write_chart(out, &format!("gantt-{}", file_safe(g)), &self.gantt(g))?;
            html.svg(&svg);
        }
        html.h2("Schedule");
        html.table(&self.schedule_table());
        html.h2("Simulations of the search");
        html.table(&self.iterations_table());
        Ok(html.finish())
    }
}

fn describe_target(t: &TargetCheck) -> String {
    if t.kpi == "service_level" {
        format!("{} service level ≥ {}", t.contact_type, pct(Some(t.target)))
    } else {
        format!("{} abandonment ≤ {}", t.contact_type, pct(Some(t.target)))
    }
}
