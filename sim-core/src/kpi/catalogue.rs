//! What a KPI is: its id, label, unit, which way is better, whether it is a headline figure, and
//! its formula in one line. The KPIs themselves are listed once, in `kpi/defs.rs`, through
//! [`kpi_set!`](crate::kpi_set): each list becomes a struct with one named `f64` field per KPI
//! (so every constructor names every KPI: a missing or misplaced value is a compile error, not a
//! shifted label) and the `&'static [KpiDef]` catalogue in the same order.

use serde::Serialize;

/// How a KPI's values are measured (and shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share in [0, 1], shown as a percentage (differences in percentage points).
    Share,
    /// Seconds.
    Seconds,
    /// A number of contacts, shifts, breaks or IVR ports.
    Count,
    /// A (time-averaged) number of agents.
    Agents,
    /// Agent hours.
    Hours,
    /// Money, in the scenario's currency.
    Money,
}

impl Unit {
    pub const ALL: [Unit; 6] = [
        Unit::Share,
        Unit::Seconds,
        Unit::Count,
        Unit::Agents,
        Unit::Hours,
        Unit::Money,
    ];

    /// The name used in JSON, TypeScript and the docs ("share", "seconds", …).
    pub fn name(self) -> &'static str {
        match self {
            Unit::Share => "share",
            Unit::Seconds => "seconds",
            Unit::Count => "count",
            Unit::Agents => "agents",
            Unit::Hours => "hours",
            Unit::Money => "money",
        }
    }
}

/// Which way a change of the KPI is an improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
    /// Neither (volumes, handle time, occupancy: too high and too low are both bad).
    Neutral,
}

impl Direction {
    /// +1 higher is better, −1 lower is better, 0 neutral.
    pub fn sign(self) -> i8 {
        match self {
            Direction::HigherIsBetter => 1,
            Direction::LowerIsBetter => -1,
            Direction::Neutral => 0,
        }
    }
}

/// Whether a KPI is shown in the default (short) tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Show {
    /// A headline figure: always shown.
    Headline,
    /// Shown when it happens in the scenario (a mean or maximum other than 0).
    WhenNonZero,
    /// Only in full tables (`--all-kpis`, "show all").
    OnRequest,
}

impl Show {
    /// Whether a KPI with this mean and maximum belongs in a default table.
    pub fn in_default_table(self, mean: Option<f64>, max: Option<f64>) -> bool {
        match self {
            Show::Headline => true,
            Show::WhenNonZero => mean.is_some_and(|m| m != 0.0) || max.is_some_and(|m| m != 0.0),
            Show::OnRequest => false,
        }
    }
}

impl Show {
    /// The name used in JSON and TypeScript.
    pub fn name(self) -> &'static str {
        match self {
            Show::Headline => "headline",
            Show::WhenNonZero => "when_non_zero",
            Show::OnRequest => "on_request",
        }
    }
}

impl Direction {
    /// "higher", "lower" or "neither" (which values are better).
    pub fn better(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher",
            Direction::LowerIsBetter => "lower",
            Direction::Neutral => "neither",
        }
    }
}

/// One KPI of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KpiDef {
    /// The key in reports, CSV headers and the web app (`service_level`).
    pub id: &'static str,
    /// For people ("Service level").
    pub label: &'static str,
    pub unit: Unit,
    pub direction: Direction,
    pub show: Show,
    /// The formula (or meaning) in one line, as in docs/kpis.md.
    pub help: &'static str,
}

/// The definition of `id` in `a` or else in `b`; used at compile time by `kpi_set!` for sets
/// that reuse KPIs of other sets (an unknown id stops the build).
pub const fn find_in(a: &[KpiDef], b: &[KpiDef], id: &str) -> KpiDef {
    let mut i = 0;
    while i < a.len() {
        if str_eq(a[i].id, id) {
            return a[i];
        }
        i += 1;
    }
    let mut i = 0;
    while i < b.len() {
        if str_eq(b[i].id, id) {
            return b[i];
        }
        i += 1;
    }
    panic!("kpi_set!: a KPI reused from another set is not defined there");
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The position of a KPI id in a catalogue.
pub fn index_of(defs: &[KpiDef], id: &str) -> Option<usize> {
    defs.iter().position(|d| d.id == id)
}

/// Serialises KPI values as a JSON array in catalogue order, undefined (NaN) as `null`.
#[doc(hidden)]
pub fn serialize_values<S: serde::Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(v.len()))?;
    for x in v {
        seq.serialize_element(&x.is_finite().then_some(*x))?;
    }
    seq.end()
}

/// Reads KPI values written by [`serialize_values`]; the count must be exactly `n`.
#[doc(hidden)]
pub fn deserialize_values<'de, D: serde::Deserializer<'de>>(
    d: D,
    n: usize,
    what: &str,
) -> Result<Vec<f64>, D::Error> {
    let o: Vec<Option<f64>> = serde::Deserialize::deserialize(d)?;
    if o.len() != n {
        return Err(serde::de::Error::custom(format!(
            "{what}: expected {n} KPI values, got {}",
            o.len()
        )));
    }
    Ok(o.into_iter().map(|x| x.unwrap_or(f64::NAN)).collect())
}

/// Defines a KPI set: a struct with one named `f64` field per KPI, the catalogue `$defs` in the
/// same order, `DEF` (the definitions by field), `values()` (an array in catalogue order),
/// `from_values`, and serde as a JSON
/// array in catalogue order (NaN as `null`).
///
/// Two forms: with full definitions
/// `pub struct ContactKpis, CONTACT_KPIS { id: "Label", Unit, Direction, Show, "formula"; … }`,
/// or reusing the definitions of other sets by id
/// `pub struct IntervalKpis, INTERVAL_KPIS, from (CONTACT_KPIS, GROUP_KPIS) { id, … }`.
#[macro_export]
macro_rules! kpi_set {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident, $defs:ident {
            $( $field:ident: $label:literal, $unit:ident, $dir:ident, $show:ident, $help:literal; )*
        }
    ) => {
        $crate::kpi_set!(@common [$(#[$meta])*] $vis $name $defs [$(
            $field [$help] ($crate::kpi::KpiDef {
                id: stringify!($field),
                label: $label,
                unit: $crate::kpi::Unit::$unit,
                direction: $crate::kpi::Direction::$dir,
                show: $crate::kpi::Show::$show,
                help: $help,
            })
        )*]);
    };
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident, $defs:ident, from ($a:path, $b:path) {
            $( $field:ident ),* $(,)?
        }
    ) => {
        $crate::kpi_set!(@common [$(#[$meta])*] $vis $name $defs [$(
            $field ["See the KPI of the same id."]
                ($crate::kpi::find_in($a, $b, stringify!($field)))
        )*]);
    };
    (@common [$(#[$meta:meta])*] $vis:vis $name:ident $defs:ident
        [$( $field:ident [$help:literal] ($def:expr) )*]) => {
        $(#[$meta])*
        ///
        /// `T = f64` holds values; `T = KpiDef` holds the definitions ([`Self::DEF`]).
        #[derive(Debug, Clone, Copy, PartialEq)]
        $vis struct $name<T = f64> {
            $( #[doc = $help] pub $field: T, )*
        }

        #[doc = concat!("The catalogue of [`", stringify!($name), "`], in field order.")]
        $vis const $defs: &[$crate::kpi::KpiDef] = &[$( $def ),*];

        impl $name {
            /// Number of KPIs in the set.
            pub const LEN: usize = [$(stringify!($field)),*].len();

            /// The definition of each KPI, by field (`DEF.service_level.id`).
            pub const DEF: $name<$crate::kpi::KpiDef> = $name { $( $field: $def ),* };

            /// The definitions, in field order.
            pub fn defs() -> &'static [$crate::kpi::KpiDef] {
                $defs
            }

            /// The values in catalogue order.
            pub fn values(&self) -> [f64; Self::LEN] {
                self.to_array()
            }

            /// The set from values in catalogue order.
            pub fn from_values(v: [f64; Self::LEN]) -> Self {
                let [$($field),*] = v;
                Self { $($field),* }
            }

            /// Every KPI undefined (NaN).
            pub fn undefined() -> Self {
                Self::from_values([f64::NAN; Self::LEN])
            }
        }

        impl<T: Copy> $name<T> {
            /// The fields in catalogue order.
            pub fn to_array(&self) -> [T; $name::<f64>::LEN] {
                [$(self.$field),*]
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::kpi::serialize_values(&self.values(), s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = $crate::kpi::deserialize_values(d, Self::LEN, stringify!($name))?;
                let a: [f64; Self::LEN] = v.try_into().map_err(|_| {
                    <D::Error as serde::de::Error>::custom("KPI count")
                })?;
                Ok(Self::from_values(a))
            }
        }
    };
}
