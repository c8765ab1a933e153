//! Helpers shared by the integration tests (`mod common;`). The statistical check families live in
//! `family.rs`, which sim-core's unit tests include too (see lib.rs).
pub use sim_core::stats;

pub mod family;
