//! Checking routing: every contact type needs a group that serves it; `route_to` names groups
//! that have the skill.

use super::agent_group::CheckedGroup;
use super::check::Ids;
use crate::error::Errors;
use crate::scenario::Scenario;

/// The groups serving each contact type, most preferred first: the groups of `route_to` in its
/// order, then the other groups with the skill, ordered by the skill's rank in the group, then
/// file order.
pub(super) fn check_routes(
    s: &Scenario,
    ids: &Ids,
    groups: &[CheckedGroup],
    e: &mut Errors,
) -> Vec<Vec<usize>> {
    let mut routes = Vec::with_capacity(s.contact_types.len());
    for (t, spec) in s.contact_types.iter().enumerate() {
        let mut route: Vec<usize> = (0..groups.len())
            .filter(|&g| groups[g].skills.contains(&t))
            .collect();
        route.sort_by_key(|&g| {
            groups[g]
                .skills
                .iter()
                .position(|&x| x == t)
                .unwrap_or(usize::MAX)
        });
        if let Some(order) = &spec.route_to {
            let mut explicit = Vec::new();
            for (k, gid) in order.iter().enumerate() {
                let path = format!("contact_types[{t}].route_to[{k}]");
                match ids.find_group(gid) {
                    Some(g) if route.contains(&g) => explicit.push(g),
                    Some(_) => e.push(
                        path,
                        format!("group \"{gid}\" does not have skill \"{}\"", spec.id),
                    ),
                    None => e.push(
                        path,
                        format!(
                            "unknown agent group \"{gid}\"; known: {}",
                            ids.groups.join(", ")
                        ),
                    ),
                }
            }
            for g in route {
                if !explicit.contains(&g) {
                    explicit.push(g);
                }
            }
            route = explicit;
        }
        // (a type whose groups have no agents is allowed: zero staff is a legitimate what-if,
        // the run reports it)
        if route.is_empty() {
            e.push(
                format!("contact_types[{t}]"),
                format!(
                    "no agent group can serve \"{}\": add it to some group's skills",
                    spec.id
                ),
            );
        }
        routes.push(route);
    }
    routes
}
