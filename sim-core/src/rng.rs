//! Random streams. A replication is fully determined by (seed, replication index); inside it each
//! purpose (arrivals of a contact type, its handle times, absence draws, …) has its own stream, so
//! two scenarios run with the same seed share random numbers where they share structure (common
//! random numbers for paired comparisons).
//!
//! The generator is named explicitly (Xoshiro256++), never `SmallRng`/`StdRng`, whose algorithm
//! differs between 64-bit and 32-bit (wasm32) targets.

use rand::SeedableRng;
pub use rand_xoshiro::Xoshiro256PlusPlus as SimRng;

/// SplitMix64 finaliser: a strong 64-bit mixer.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator for one purpose (`stream`) of one replication.
pub fn stream(seed: u64, replication: u32, stream: u64) -> SimRng {
    let k = mix64(mix64(seed) ^ mix64(0x5EED_0000_0000 + replication as u64) ^ mix64(!stream));
    SimRng::seed_from_u64(k)
}

/// Stream ids. Per contact type streams are `base + type index * STRIDE`.
pub mod streams {
    pub const STRIDE: u64 = 16;
    pub const ARRIVALS: u64 = 1;
    pub const HANDLE: u64 = 2;
    pub const PATIENCE: u64 = 3;
    // 4 was a wrap-up stream; wrap-up is drawn from the handle stream (ids are kept so the
    // other streams' draws do not change)
    pub const ROUTING_CHOICES: u64 = 5;
    pub const DELAYS: u64 = 6;
    pub const VOLUME: u64 = 7;
    /// Draws for a run that starts from a state (remaining handle times and patience).
    pub const START_STATE: u64 = 8;
    /// Agent-level streams (absence) start here, per group.
    pub const GROUP_BASE: u64 = 1 << 32;
}

/// A uniform number in [0, 1) determined by a key alone (no stream state): used for draws that
/// must not shift when unrelated parts of a scenario change, e.g. each agent-shift's absence.
pub fn unit_hash(seed: u64, replication: u32, a: u64, b: u64) -> f64 {
    let h = mix64(mix64(seed ^ 0xAB5E_17CE) ^ mix64(replication as u64) ^ mix64(a << 20 ^ b));
    (h >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}
