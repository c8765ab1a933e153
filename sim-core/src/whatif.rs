//! Quick what-if changes applied to a scenario before compiling: volume ±%, AHT ±%, agents ±N per
//! group, shrinkage ±percentage points. The CLI and the web app share these so a what-if means
//! the same thing everywhere.

use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A set of quick changes. Defaults change nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WhatIf {
    /// Multiplies every contact type's volume (1.1 = +10 %).
    pub volume_scale: Option<f64>,
    /// Multiplies handle time and wrap-up of every contact type.
    pub aht_scale: Option<f64>,
    /// Agents added (or removed, negative) per group id. With shifts, agents are added to or
    /// removed from the group's shift lines, largest line first.
    pub agents_delta: BTreeMap<String, i64>,
    /// Added to every group's absence probability, in percentage points (clamped to 0…95 %).
    pub shrinkage_pp: Option<f64>,
}

impl WhatIf {
    /// True when nothing changes.
    pub fn is_empty(&self) -> bool {
        *self == WhatIf::default()
    }

    /// Returns the changed scenario (names it "… (what-if)").
    pub fn apply(&self, s: &Scenario) -> Scenario {
        let mut s = s.clone();
        if self.is_empty() {
            return s;
        }
        for t in &mut s.contact_types {
            if let Some(f) = self.volume_scale {
                t.arrivals.scale = Some(t.arrivals.scale.unwrap_or(1.0) * f);
            }
            if let Some(f) = self.aht_scale {
                t.handle_time = t.handle_time.scaled(f);
                t.wrap_up = t.wrap_up.as_ref().map(|w| w.scaled(f));
            }
        }
        for g in &mut s.agent_groups {
            if let Some(pp) = self.shrinkage_pp {
                g.absence = (g.absence + pp / 100.0).clamp(0.0, 0.95);
            }
            let Some(&d) = self.agents_delta.get(&g.id) else {
                continue;
            };
            if let Some(st) = &mut g.staffing {
                if let Some(c) = &mut st.constant {
                    *c = (*c as i64 + d).max(0) as u32;
                }
                if let Some(list) = &mut st.per_interval {
                    for c in list.iter_mut() {
                        *c = (*c as i64 + d).max(0) as u32;
                    }
                }
            } else if !g.shifts.is_empty() {
                // round robin over the lines, largest first
                let mut order: Vec<usize> = (0..g.shifts.len()).collect();
                order.sort_by_key(|&k| std::cmp::Reverse(g.shifts[k].agents));
                let mut i = 0usize;
                let mut left = d.unsigned_abs();
                let mut stuck = 0;
                while left > 0 && stuck < order.len() {
                    let line = &mut g.shifts[order[i % order.len()]];
                    i += 1;
                    if d > 0 {
                        line.agents += 1;
                    } else if line.agents > 0 {
                        line.agents -= 1;
                    } else {
                        stuck += 1;
                        continue;
                    }
                    stuck = 0;
                    left -= 1;
                }
            }
        }
        s.name = format!("{} (what-if)", s.name);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Format;

    #[test]
    fn applies_each_change() {
        let text = r#"
version = 1
name = "x"
[[contact_types]]
id = "voice"
arrivals = { rate_per_hour = 100 }
handle_time = { dist = "exponential", mean = 200 }
[[agent_groups]]
id = "a"
skills = ["voice"]
staffing = { constant = 10 }
[[agent_groups]]
id = "b"
skills = ["voice"]
shifts = [{ start = "08:00", end = "16:00", agents = 3 }, { start = "12:00", end = "20:00", agents = 5 }]
"#;
        let s = Scenario::parse(text, Format::Toml).unwrap();
        let w = WhatIf {
            volume_scale: Some(1.2),
            aht_scale: Some(0.5),
            agents_delta: [("a".to_string(), -3), ("b".to_string(), 2)].into(),
            shrinkage_pp: Some(5.0),
        };
        let v = w.apply(&s);
        assert_eq!(v.contact_types[0].arrivals.scale, Some(1.2));
        assert_eq!(v.contact_types[0].handle_time.mean(), 100.0);
        assert_eq!(
            v.agent_groups[0].staffing.as_ref().unwrap().constant,
            Some(7)
        );
        assert_eq!(v.agent_groups[1].shifts[1].agents, 6);
        assert_eq!(v.agent_groups[1].shifts[0].agents, 4);
        assert!((v.agent_groups[0].absence - 0.05).abs() < 1e-12);
    }
}
