//! The schedule optimiser is exact on small instances: its cost equals the optimum found here by
//! exhaustive enumeration (written from the instance's own description, not from the code under
//! test), it proves optimality (gap 0, no node limit), and its lines really cover the requirement.
//!
//! The enumeration: every agent of a (template, start, day pattern) picks one break tuple (each
//! break inside its window on its step, the next starting at least `minutes + break_gap` after),
//! and contributes its minutes on the phones to the 7 × (1440 / interval) cells of a cyclic week,
//! a minute being 1/interval of a cell. A depth-first search over multisets of tuples per
//! candidate, pruned by cost and by what the remaining candidates could still cover, finds the
//! cheapest cover: first with at most `cap` agents per candidate, then, bounded by that cost,
//! with any number (so the answer is the true optimum, not the optimum under the cap).

use sim_core::{Format, Model, Scenario};
use sim_plan::schedule::{parse_rules, solve_cover, Grid, Rules, SolveStatus, SolverOptions};

const EXACT: SolverOptions = SolverOptions {
    mip_gap: 0.0,
    node_limit: None,
    time_limit_s: Some(60.0),
};

const MON: [bool; 7] = [true, false, false, false, false, false, false];

/// A template as the test describes it (minutes).
#[derive(Clone)]
struct Tpl {
    id: &'static str,
    starts: Vec<u32>,
    length: u32,
    cost: f64,
    /// (minutes, earliest, latest, step) as offsets from the shift start.
    breaks: Vec<(u32, u32, u32, u32)>,
    gap: u32,
    unpaid_breaks: bool,
}

fn tpl(id: &'static str, starts: &[u32], length: u32, cost: f64) -> Tpl {
    Tpl {
        id,
        starts: starts.to_vec(),
        length,
        cost,
        breaks: Vec::new(),
        gap: 0,
        unpaid_breaks: false,
    }
}

fn hm(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

const H: u32 = 60;

/// One small instance: a scenario with one group `team`, templates, optional `[weekly]` text,
/// the day patterns the enumeration uses, and the requirement per cell of the week.
struct Inst {
    interval: u32,
    days: u32,
    tpls: Vec<Tpl>,
    /// `days = [...]` of every template (None: every weekday).
    tpl_days: Option<&'static str>,
    weekly: Option<&'static str>,
    patterns: Vec<[bool; 7]>,
    req: Vec<u32>,
}

impl Inst {
    fn cells(&self) -> usize {
        7 * (1440 / self.interval) as usize
    }

    fn scenario(&self) -> Model {
        let text = format!(
            r#"
version = 1
name = "exact"
interval_minutes = {}
days = {}
start_weekday = "mon"
[[contact_types]]
id = "calls"
arrivals = {{ rate_per_hour = 10 }}
handle_time = {{ dist = "exponential", mean = 180 }}
[[agent_groups]]
id = "team"
skills = ["calls"]
staffing = {{ constant = 1 }}
"#,
            self.interval, self.days
        );
        let s = Scenario::parse(&text, Format::Toml).unwrap();
        Model::compile(&s, sim_core::Limits::default()).unwrap()
    }

    fn rules_toml(&self) -> String {
        let mut out = String::new();
        for t in &self.tpls {
            let starts: Vec<String> = t.starts.iter().map(|&s| format!("\"{}\"", hm(s))).collect();
            out += &format!(
                "[[templates]]\nid = \"{}\"\ngroup = \"team\"\nstarts = [{}]\nlength = \"{}\"\ncost_per_shift = {}\nbreak_gap_minutes = {}\n",
                t.id,
                starts.join(", "),
                hm(t.length),
                t.cost,
                t.gap
            );
            if let Some(d) = self.tpl_days {
                out += &format!("days = {d}\n");
            }
            for &(min, a, b, step) in &t.breaks {
                out += &format!(
                    "[[templates.breaks]]\nminutes = {min}\nearliest = \"{}\"\nlatest = \"{}\"\nstep_minutes = {step}\npaid = {}\n",
                    hm(a),
                    hm(b),
                    !t.unpaid_breaks
                );
            }
            out += "\n";
        }
        if let Some(w) = self.weekly {
            out += &format!("[weekly]\n{w}\n");
        }
        out
    }

    fn rules(&self, model: &Model) -> Rules {
        let text = self.rules_toml();
        parse_rules(&text)
            .unwrap_or_else(|e| panic!("{e}\n{text}"))
            .validate(model)
            .unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    /// Minutes on the phones of one agent of `t` starting at `start` on the days of `pattern`
    /// with break offsets `tuple`, per cell.
    fn contribution(&self, t: &Tpl, start: u32, pattern: &[bool; 7], tuple: &[u32]) -> Vec<f64> {
        let mut v = vec![0.0; self.cells()];
        let iv = self.interval;
        let week = v.len() as u32;
        let mut add = |from: u32, len: u32, w: f64| {
            for m in from..from + len {
                v[((m / iv) % week) as usize] += w / iv as f64;
            }
        };
        for d in (0..7u32).filter(|&d| pattern[d as usize]) {
            add(d * 1440 + start, t.length, 1.0);
            for (&(min, ..), &o) in t.breaks.iter().zip(tuple) {
                add(d * 1440 + start + o, min, -1.0);
            }
        }
        v
    }

    /// The candidates of the enumeration.
    fn pairs(&self) -> Vec<Pair> {
        let mut out = Vec::new();
        for t in &self.tpls {
            let tuples = tuples(t);
            for &s in &t.starts {
                for p in &self.patterns {
                    let options: Vec<Vec<f64>> = tuples
                        .iter()
                        .map(|tu| self.contribution(t, s, p, tu))
                        .collect();
                    let max = (0..self.cells())
                        .map(|c| options.iter().map(|o| o[c]).fold(0.0, f64::max))
                        .collect();
                    let ndays = p.iter().filter(|&&d| d).count() as f64;
                    out.push(Pair {
                        cost: t.cost * ndays,
                        options,
                        max,
                    });
                }
            }
        }
        out
    }
}

/// Every break tuple of a template: each break on its window's grid, in order, the next one at
/// least `minutes + gap` after the start of the previous.
fn tuples(t: &Tpl) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new()];
    for (k, &(_, a, b, step)) in t.breaks.iter().enumerate() {
        let mut next = Vec::new();
        for tu in &out {
            let ready = if k == 0 {
                0
            } else {
                tu[k - 1] + t.breaks[k - 1].0 + t.gap
            };
            for o in (a..=b).step_by(step as usize).filter(|&o| o >= ready) {
                let mut x: Vec<u32> = tu.clone();
                x.push(o);
                next.push(x);
            }
        }
        out = next;
    }
    out
}

struct Pair {
    cost: f64,
    /// Per break tuple: the agent's share of each cell on the phones.
    options: Vec<Vec<f64>>,
    /// Per cell, the most any option gives.
    max: Vec<f64>,
}

struct Search<'a> {
    pairs: &'a [Pair],
    req: Vec<f64>,
    cap: Option<u32>,
    best: f64,
}

impl Search<'_> {
    fn pair(&mut self, i: usize, cov: &mut Vec<f64>, cost: f64) {
        if i == self.pairs.len() {
            if cov.iter().zip(&self.req).all(|(c, r)| *c >= r - 1e-9) && cost < self.best {
                self.best = cost;
            }
            return;
        }
        // can the remaining candidates, within the budget, still reach every cell?
        let budget = self.best - cost;
        let most: Vec<f64> = self.pairs[i..]
            .iter()
            .map(|p| match self.cap {
                Some(c) => c as f64,
                None => ((budget - 1e-9) / p.cost).floor().max(0.0),
            })
            .collect();
        for (c, &r) in self.req.iter().enumerate() {
            if r > 0.0 {
                let reach: f64 = self.pairs[i..]
                    .iter()
                    .zip(&most)
                    .map(|(p, n)| n * p.max[c])
                    .sum();
                if cov[c] + reach < r - 1e-9 {
                    return;
                }
            }
        }
        self.multiset(i, 0, 0, cov, cost);
    }

    fn multiset(&mut self, i: usize, k0: usize, n: u32, cov: &mut Vec<f64>, cost: f64) {
        self.pair(i + 1, cov, cost);
        let p = &self.pairs[i];
        if self.cap.is_some_and(|c| n >= c) || cost + p.cost >= self.best - 1e-9 {
            return;
        }
        for k in k0..p.options.len() {
            let p = &self.pairs[i];
            for (c, v) in cov.iter_mut().zip(&p.options[k]) {
                *c += v;
            }
            let pc = p.cost;
            self.multiset(i, k, n + 1, cov, cost + pc);
            let p = &self.pairs[i];
            for (c, v) in cov.iter_mut().zip(&p.options[k]) {
                *c -= v;
            }
        }
    }
}

/// The least cost of a cover, by enumeration (`None`: no cover).
fn optimum(inst: &Inst, cap: u32) -> Option<f64> {
    let pairs = inst.pairs();
    let req: Vec<f64> = inst.req.iter().map(|&r| r as f64).collect();
    let mut s = Search {
        pairs: &pairs,
        req,
        cap: Some(cap),
        best: f64::INFINITY,
    };
    s.pair(0, &mut vec![0.0; inst.cells()], 0.0);
    if s.best.is_infinite() {
        return None;
    }
    // every cover cheaper than the capped optimum, whatever its counts
    s.cap = None;
    s.best += 1e-6;
    s.pair(0, &mut vec![0.0; inst.cells()], 0.0);
    Some(s.best)
}

/// Solves with the optimiser and checks its lines independently: starts, days and break tuples
/// allowed, the requirement covered, the cost the sum of the lines'. Returns the weekly cost.
fn solve_and_check(inst: &Inst) -> f64 {
    let model = inst.scenario();
    let rules = inst.rules(&model);
    let grid = Grid::new(&model).unwrap();
    assert_eq!(grid.cells(), inst.cells());
    let cover = solve_cover(&rules, &grid, std::slice::from_ref(&inst.req), &EXACT).unwrap();
    assert_eq!(cover.status, SolveStatus::Optimal, "{cover:?}");
    let mut cov = vec![0.0; inst.cells()];
    let mut cost = 0.0;
    for l in &cover.lines {
        let t = &inst.tpls[l.template];
        assert!(t.starts.contains(&l.start), "start {} of {}", l.start, t.id);
        let ndays = l.days.iter().filter(|&&d| d).count();
        if inst.weekly.is_some() {
            assert!(inst.patterns.contains(&l.days), "pattern {:?}", l.days);
        } else {
            assert!(ndays >= 1 && (0..7).all(|d| !l.days[d] || inst.patterns.contains(&day(d))));
        }
        cost += l.agents as f64 * t.cost * ndays as f64;
        let allowed = tuples(t);
        for d in (0..7).filter(|&d| l.days[d]) {
            let tuple: Vec<u32> = if t.breaks.is_empty() {
                assert!(l.breaks.is_empty());
                Vec::new()
            } else {
                let sets: Vec<_> = l.breaks.iter().filter(|(days, _)| days[d]).collect();
                assert_eq!(sets.len(), 1, "breaks of day {d} given once: {l:?}");
                sets[0].1.clone()
            };
            assert!(
                allowed.contains(&tuple),
                "break tuple {tuple:?} of {}",
                t.id
            );
            for (c, v) in cov
                .iter_mut()
                .zip(inst.contribution(t, l.start, &day(d), &tuple))
            {
                *c += l.agents as f64 * v;
            }
        }
    }
    for (c, (&have, &need)) in cov.iter().zip(&inst.req).enumerate() {
        assert!(
            have >= need as f64 - 1e-9,
            "{}: {have} on the phones, {need} required",
            grid.cell_label(c)
        );
    }
    assert!((cost - cover.weekly_cost).abs() < 1e-6);
    cover.weekly_cost
}

fn day(d: usize) -> [bool; 7] {
    std::array::from_fn(|k| k == d)
}

/// Monday's requirement from (from, to, agents) spans in minutes.
fn monday(interval: u32, spans: &[(u32, u32, u32)]) -> Vec<u32> {
    let mut r = vec![0; 7 * (1440 / interval) as usize];
    for &(a, b, n) in spans {
        for c in (a / interval)..(b / interval) {
            r[c as usize] = n;
        }
    }
    r
}

fn day_inst(interval: u32, tpls: Vec<Tpl>, req: Vec<u32>) -> Inst {
    Inst {
        interval,
        days: 1,
        tpls,
        tpl_days: Some("[\"mon\"]"),
        weekly: None,
        patterns: vec![MON],
        req,
    }
}

fn assert_exact(inst: &Inst, cap: u32) -> f64 {
    let want = optimum(inst, cap).expect("the instance has a cover");
    let got = solve_and_check(inst);
    assert!(
        (got - want).abs() < 1e-6,
        "optimiser {got}, enumeration {want}"
    );
    want
}

#[test]
fn shifts_only_the_cost_is_the_enumerated_optimum() {
    // hourly, Monday: a morning ramp, a lunch peak and an evening tail
    let per_hour = [
        0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 4, 4, 3, 3, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0,
    ];
    let req: Vec<u32> = monday(
        60,
        &per_hour
            .iter()
            .enumerate()
            .map(|(h, &n)| (h as u32 * H, (h as u32 + 1) * H, n))
            .collect::<Vec<_>>(),
    );
    let inst = day_inst(
        60,
        vec![
            tpl("early", &[6 * H, 7 * H, 8 * H], 8 * H, 80.0),
            tpl("late", &[12 * H, 13 * H, 14 * H], 8 * H, 84.0),
            tpl("part", &[10 * H, 14 * H, 17 * H, 18 * H], 4 * H, 44.0),
            tpl("long", &[8 * H, 10 * H], 10 * H, 96.0),
        ],
        req,
    );
    let cost = assert_exact(&inst, 4);
    // not the trivial "hours × cheapest rate": the part-timers and long shifts matter
    assert_eq!(cost, 464.0, "pinned so a change of the instance is noticed");
}

#[test]
fn a_break_forces_an_extra_agent() {
    // two agents all day from 08:00 to 16:00; a 30-minute break in [03:00, 05:00]
    let req = monday(30, &[(8 * H, 16 * H, 2)]);
    let mut day = tpl("day", &[8 * H], 8 * H, 80.0);
    let no_break = assert_exact(&day_inst(30, vec![day.clone()], req.clone()), 3);
    day.breaks = vec![(30, 3 * H, 5 * H, 30)];
    let with_break = assert_exact(&day_inst(30, vec![day.clone()], req.clone()), 4);
    assert_eq!((no_break, with_break), (160.0, 240.0));
    // a cheap short shift from 11:00 can cover the breaks instead of a third full shift
    let short = tpl("short", &[11 * H, 12 * H], 2 * H, 30.0);
    let mixed = assert_exact(&day_inst(30, vec![day, short], req), 4);
    assert_eq!(mixed, 190.0);
}

#[test]
fn the_gap_between_breaks_matters() {
    // 6-hour shifts from 08:00 or 08:30 with two 30-minute breaks; two agents required from
    // 08:30 to 14:00 and one at the ends
    let req = monday(
        30,
        &[
            (8 * H, 8 * H + 30, 1),
            (8 * H + 30, 14 * H, 2),
            (14 * H, 14 * H + 30, 1),
        ],
    );
    let run = |gap: u32| {
        let mut day = tpl("day", &[8 * H, 8 * H + 30], 6 * H, 60.0);
        day.breaks = vec![(30, H, 2 * H, 30), (30, 2 * H, 3 * H, 30)];
        day.gap = gap;
        let short = tpl("short", &[9 * H, 10 * H], 2 * H, 25.0);
        assert_exact(&day_inst(30, vec![day, short], req.clone()), 3)
    };
    let loose = run(0);
    let tight = run(60);
    assert_eq!((loose, tight), (145.0, 170.0));
    assert!(
        tight > loose,
        "with 60 minutes between breaks the cover must cost more: {tight} vs {loose}"
    );
}

#[test]
fn a_15_minute_break_takes_half_of_a_30_minute_interval() {
    // both agents' breaks fall in the 08:30 cell: 2 − ½ − ½ = 1 is enough (were a break to take
    // the whole interval, no number of agents would do)
    let req = monday(30, &[(8 * H, 10 * H, 1)]);
    let mut t = tpl("short", &[8 * H], 2 * H, 50.0);
    t.breaks = vec![(15, 30, 45, 15)];
    assert_eq!(assert_exact(&day_inst(30, vec![t], req), 3), 100.0);
    // a break from 08:20 to 08:35 takes ⅓ of the 08:00 cell and ⅙ of the 08:30 one: two
    // agents required at 08:00 need three (3 − 1 = 2), not four
    let mut req = monday(30, &[(8 * H, 10 * H, 1)]);
    req[16] = 2;
    let mut t = tpl("short", &[8 * H], 2 * H, 50.0);
    t.breaks = vec![(15, 20, 20, 5)];
    assert_eq!(assert_exact(&day_inst(30, vec![t], req), 4), 150.0);
}

/// The 7 weekdays × (from, to, agents) of a week, Monday first.
fn week(interval: u32, per_day: &[[(u32, u32, u32); 2]; 7]) -> Vec<u32> {
    let per = (1440 / interval) as usize;
    let mut r = vec![0; 7 * per];
    for (d, spans) in per_day.iter().enumerate() {
        for &(a, b, n) in spans {
            for c in (a / interval)..(b / interval) {
                r[d * per + c as usize] = n;
            }
        }
    }
    r
}

/// All 127 non-empty day sets of a week, Monday = bit 0.
fn all_patterns() -> Vec<[bool; 7]> {
    (1u32..128)
        .map(|m| std::array::from_fn(|d| m & (1 << d) != 0))
        .collect()
}

/// Longest run of `want` in the week repeated (a run over Sunday → Monday counts), at most 7.
fn cyclic_run(p: &[bool; 7], want: bool) -> u32 {
    let (mut best, mut run) = (0, 0);
    for k in 0..14 {
        run = if p[k % 7] == want { run + 1 } else { 0 };
        best = best.max(run);
    }
    best.min(7)
}

/// The weekly rules written independently of the code: days worked, longest work run, longest
/// run of days off, rest between two days in a row (the same shift each day), paid hours.
struct WeeklyRule {
    days: (u32, u32),
    max_run: u32,
    min_off: u32,
    rest_h: f64,
    hours: (f64, f64),
    allowed: [bool; 7],
}

impl WeeklyRule {
    fn patterns(&self, length: u32, paid: u32) -> Vec<[bool; 7]> {
        all_patterns()
            .into_iter()
            .filter(|p| {
                let n = p.iter().filter(|&&d| d).count() as u32;
                let in_a_row = (0..7).any(|d| p[d] && p[(d + 1) % 7]);
                let h = n as f64 * paid as f64 / 60.0;
                (0..7).all(|d| !p[d] || self.allowed[d])
                    && (self.days.0..=self.days.1).contains(&n)
                    && cyclic_run(p, true) <= self.max_run
                    && cyclic_run(p, false) >= self.min_off
                    && (!in_a_row || (1440 - length) as f64 >= self.rest_h * 60.0)
                    && h >= self.hours.0
                    && h <= self.hours.1
            })
            .collect()
    }
}

#[test]
fn weekly_patterns_the_cost_is_the_enumerated_optimum() {
    // five days a week with two days off in a row: the 7 patterns of a rota; mornings and
    // afternoons differ, Fridays peak, weekends are quiet
    let rule = WeeklyRule {
        days: (5, 5),
        max_run: 7,
        min_off: 2,
        rest_h: 0.0,
        hours: (0.0, 168.0),
        allowed: [true; 7],
    };
    let patterns = rule.patterns(8 * H, 8 * H);
    assert_eq!(patterns.len(), 7);
    let (m, a) = ((7 * H, 11 * H), (11 * H, 19 * H));
    let day = |x: u32, y: u32| [(m.0, m.1, x), (a.0, a.1, y)];
    let req = week(
        60,
        &[
            day(2, 3),
            day(2, 2),
            day(2, 2),
            day(2, 3),
            day(3, 4),
            day(1, 1),
            day(1, 1),
        ],
    );
    let inst = Inst {
        interval: 60,
        days: 7,
        tpls: vec![tpl("day", &[7 * H, 11 * H], 8 * H, 100.0)],
        tpl_days: None,
        weekly: Some("days_per_week = 5\nmin_consecutive_days_off = 2"),
        patterns,
        req,
    };
    let model = inst.scenario();
    let rules = inst.rules(&model);
    assert_eq!(set(&rules.templates[0].patterns), set(&inst.patterns));
    let cost = assert_exact(&inst, 4);
    assert_eq!(cost, 3500.0, "pinned: 7 agents × 5 days × 100");
}

#[test]
fn weekly_patterns_with_breaks_the_cost_is_the_enumerated_optimum() {
    // one 8-hour shift from 08:00 with a 30-minute break in [03:00, 04:30], five days a week
    // with two days off in a row; r agents on the phones all day, r by weekday
    let need = [3u32, 3, 3, 3, 3, 2, 2];
    let per_day: Vec<[(u32, u32, u32); 2]> = need
        .iter()
        .map(|&r| [(8 * H, 16 * H, r), (0, 0, 0)])
        .collect();
    let req = week(30, &per_day.try_into().unwrap());
    let mut t = tpl("day", &[8 * H], 8 * H, 100.0);
    t.breaks = vec![(30, 3 * H, 4 * H + 30, 30)];
    let rule = WeeklyRule {
        days: (5, 5),
        max_run: 7,
        min_off: 2,
        rest_h: 0.0,
        hours: (0.0, 168.0),
        allowed: [true; 7],
    };
    let inst = Inst {
        interval: 30,
        days: 7,
        tpls: vec![t.clone()],
        tpl_days: None,
        weekly: Some("days_per_week = 5\nmin_consecutive_days_off = 2"),
        patterns: rule.patterns(8 * H, 8 * H),
        req,
    };
    // Breaks are per shift, so a day's cover depends only on how many agents work that day:
    // the least number of agents N such that some pattern counts summing to N give every day
    // enough agents for its breaks to be spread (every pattern costs the same 5 shifts).
    let per = 48;
    let tuples = tuples(&t);
    let day_ok = |d: usize, n: u32| -> bool {
        let day_req = &inst.req[d * per..(d + 1) * per];
        let opts: Vec<Vec<f64>> = tuples
            .iter()
            .map(|tu| inst.contribution(&t, 8 * H, &day(0), tu)[..per].to_vec())
            .collect();
        multisets(opts.len(), n).iter().any(|m| {
            (0..per).all(|c| {
                let have: f64 = m.iter().map(|&k| opts[k][c]).sum();
                have >= day_req[c] as f64 - 1e-9
            })
        })
    };
    let ok: Vec<Vec<bool>> = (0..7)
        .map(|d| (0..=12).map(|n| day_ok(d, n)).collect())
        .collect();
    let least = (0..=12u32)
        .find(|&n| {
            compositions(n, inst.patterns.len()).iter().any(|x| {
                (0..7).all(|d| {
                    let working: u32 = (0..x.len())
                        .filter(|&p| inst.patterns[p][d])
                        .map(|p| x[p])
                        .sum();
                    ok[d][working as usize]
                })
            })
        })
        .unwrap();
    let want = least as f64 * 500.0;
    assert_eq!(solve_and_check(&inst), want);
    assert_eq!(
        want, 3000.0,
        "pinned: 6 agents: each day needs r + 1 for the breaks, 26 shifts > 5 agents × 5 days"
    );
}

/// All multisets of `n` items out of `k` kinds, as sorted lists of kinds.
fn multisets(k: usize, n: u32) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for m in multisets(k, n - 1) {
        for i in m.last().copied().unwrap_or(0)..k {
            let mut x = m.clone();
            x.push(i);
            out.push(x);
        }
    }
    out
}

/// All ways to write `n` as an ordered sum of `k` non-negative counts.
fn compositions(n: u32, k: usize) -> Vec<Vec<u32>> {
    if k == 1 {
        return vec![vec![n]];
    }
    (0..=n)
        .flat_map(|first| {
            compositions(n - first, k - 1)
                .into_iter()
                .map(move |mut rest| {
                    rest.insert(0, first);
                    rest
                })
        })
        .collect()
}

fn set(p: &[[bool; 7]]) -> std::collections::BTreeSet<[bool; 7]> {
    p.iter().copied().collect()
}

#[test]
fn generated_patterns_obey_the_weekly_rules() {
    let inf = (0.0, 168.0);
    // (weekly text, template days, length, unpaid break minutes, the rule written here)
    let cases: Vec<(&str, Option<&str>, u32, u32, WeeklyRule)> = vec![
        (
            "days_per_week = [3, 4]\nmax_consecutive_days = 2\nmin_consecutive_days_off = 2\nmin_rest_hours = 12",
            None,
            12 * H,
            0,
            WeeklyRule { days: (3, 4), max_run: 2, min_off: 2, rest_h: 12.0, hours: inf, allowed: [true; 7] },
        ),
        (
            "days_per_week = [2, 3]\nmin_rest_hours = 12",
            None,
            13 * H,
            0,
            WeeklyRule { days: (2, 3), max_run: 7, min_off: 0, rest_h: 12.0, hours: inf, allowed: [true; 7] },
        ),
        (
            "weekly_hours = [30, 40]",
            Some("[\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]"),
            8 * H + 30,
            30,
            WeeklyRule { days: (1, 7), max_run: 7, min_off: 0, rest_h: 0.0, hours: (30.0, 40.0), allowed: [true, true, true, true, true, false, false] },
        ),
        (
            "max_consecutive_days = 3\nmin_consecutive_days_off = 1",
            Some("[\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\"]"),
            8 * H,
            0,
            WeeklyRule { days: (1, 7), max_run: 3, min_off: 1, rest_h: 0.0, hours: inf, allowed: [true, true, true, true, true, true, false] },
        ),
    ];
    for (weekly, days, length, unpaid, rule) in cases {
        let mut t = tpl("t", &[8 * H], length, 100.0);
        if unpaid > 0 {
            t.breaks = vec![(unpaid, 4 * H, 4 * H, 30)];
            t.unpaid_breaks = true;
        }
        let inst = Inst {
            interval: 30,
            days: 7,
            tpls: vec![t],
            tpl_days: days,
            weekly: Some(weekly),
            patterns: Vec::new(),
            req: Vec::new(),
        };
        let rules = parse_rules(&inst.rules_toml())
            .unwrap()
            .validate(&inst.scenario())
            .unwrap();
        let want = rule.patterns(length, length - unpaid);
        assert!(!want.is_empty(), "{weekly}");
        assert_eq!(set(&rules.templates[0].patterns), set(&want), "{weekly}");
    }
    // explicit patterns: exactly those (the template's days still apply)
    let text = "[[templates]]\nid = \"t\"\ngroup = \"team\"\nstart = \"08:00\"\nlength = \"08:00\"\ncost_per_shift = 1\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\n[weekly]\npatterns = [[\"mon\", \"tue\", \"wed\"], [\"thu\", \"fri\"], [\"fri\", \"sat\"]]\n";
    let inst = Inst {
        interval: 30,
        days: 7,
        tpls: Vec::new(),
        tpl_days: None,
        weekly: None,
        patterns: Vec::new(),
        req: Vec::new(),
    };
    let rules = parse_rules(text)
        .unwrap()
        .validate(&inst.scenario())
        .unwrap();
    let mut mtw = [false; 7];
    mtw[..3].copy_from_slice(&[true; 3]);
    let mut tf = [false; 7];
    tf[3..5].copy_from_slice(&[true; 2]);
    assert_eq!(set(&rules.templates[0].patterns), set(&[mtw, tf]));
}

#[test]
fn an_interval_no_template_covers_is_named_and_nothing_else() {
    let mut req = monday(60, &[(6 * H, 12 * H, 1)]);
    req[3] = 2; // Monday 03:00
    let inst = day_inst(60, vec![tpl("early", &[6 * H], 6 * H, 288.0)], req);
    let model = inst.scenario();
    let rules = inst.rules(&model);
    let grid = Grid::new(&model).unwrap();
    let err = solve_cover(&rules, &grid, std::slice::from_ref(&inst.req), &EXACT).unwrap_err();
    assert_eq!(
        err.to_string(),
        "group team, Mon 03:00: 2 agents are required but no template of group team has a shift that covers this interval; add a template or start time that covers it"
    );
}

#[test]
fn weekly_rules_no_pattern_satisfies_name_the_template_and_the_rules() {
    // 4 or 5 days of 13 hours with 12 hours of rest: no two days in a row, so at most 3 days
    let inst = Inst {
        interval: 60,
        days: 7,
        tpls: vec![tpl("long", &[8 * H], 13 * H, 100.0)],
        tpl_days: None,
        weekly: Some("days_per_week = [4, 5]\nmin_rest_hours = 12"),
        patterns: Vec::new(),
        req: Vec::new(),
    };
    let errs = parse_rules(&inst.rules_toml())
        .unwrap()
        .validate(&inst.scenario())
        .unwrap_err();
    assert_eq!(errs.0.len(), 1, "{errs}");
    let e = &errs.0[0];
    assert_eq!(e.path, "templates[0]");
    for part in [
        "\"long\"",
        "[weekly]",
        "days_per_week = [4, 5]",
        "min_rest_hours = 12",
    ] {
        assert!(e.message.contains(part), "{part} in {}", e.message);
    }
}
