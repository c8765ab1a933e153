//! The event calendar: a 4-ary min-heap ordered by (time, insertion sequence), so events at the
//! same instant run in the order they were scheduled (deterministic tie-break).
//!
//! Why 4-ary and hand-written rather than `std::collections::BinaryHeap`: the engine pops and
//! pushes one event per simulated step, so the heap is the hottest structure of a run. A 4-ary
//! heap is half as deep (4 levels for ~200 pending events instead of 8), the four children of a
//! node share one or two cache lines, and the (time, sequence) key compares as a single `u128`.
//! Contact arrivals are not in this calendar at all: the engine keeps each contact type's next
//! arrival beside it (see `engine::Simulation::advance_to`), which halves the heap traffic.

/// What happens. Payload meaning depends on the kind (see the engine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Enter,
    IvrDone,
    Done,
    Overflow,
    ShiftStart,
    ShiftEnd,
    BreakDue,
    BreakEnd,
}

/// One scheduled event (24 bytes, `Copy`, no heap data).
///
/// Times are non-negative, so the IEEE-754 bit pattern of the time orders like the time itself;
/// the key comparison is one 128-bit integer compare.
#[derive(Debug, Clone, Copy)]
pub struct Event {
    time_bits: u64,
    /// Insertion sequence (upper 56 bits) and kind (low 8 bits).
    seq_kind: u64,
    pub a: u32,
    pub b: u32,
}

const KINDS: [Kind; 8] = [
    Kind::Enter,
    Kind::IvrDone,
    Kind::Done,
    Kind::Overflow,
    Kind::ShiftStart,
    Kind::ShiftEnd,
    Kind::BreakDue,
    Kind::BreakEnd,
];

impl Event {
    #[inline]
    pub fn time(&self) -> f64 {
        f64::from_bits(self.time_bits)
    }

    #[inline]
    pub fn kind(&self) -> Kind {
        KINDS[(self.seq_kind & 0x7) as usize]
    }

    /// The ordering key: time first, then insertion sequence.
    #[inline(always)]
    fn key(&self) -> u128 {
        (self.time_bits as u128) << 64 | self.seq_kind as u128
    }
}

/// Children per node.
const ARITY: usize = 4;

/// The pending events of one replication.
#[derive(Debug, Default)]
pub struct Calendar {
    heap: Vec<Event>,
    seq: u64,
}

impl Calendar {
    pub fn with_capacity(n: usize) -> Self {
        Calendar {
            heap: Vec::with_capacity(n),
            seq: 0,
        }
    }

    /// Schedules an event at `time` (seconds, >= 0).
    #[inline(always)]
    pub fn schedule(&mut self, time: f64, kind: Kind, a: u32, b: u32) {
        self.seq += 1;
        debug_assert!(time >= 0.0);
        let ev = Event {
            time_bits: (time + 0.0).to_bits(),
            seq_kind: self.seq << 8 | kind as u64,
            a,
            b,
        };
        // sift up with a hole: move parents down until the new event's place is found
        let h = &mut self.heap;
        h.push(ev);
        let key = ev.key();
        let mut i = h.len() - 1;
        while i > 0 {
            let parent = (i - 1) / ARITY;
            if key < h[parent].key() {
                h[i] = h[parent];
                i = parent;
            } else {
                break;
            }
        }
        h[i] = ev;
    }

    /// Removes and returns the earliest event: the last event sifts down from the root, the
    /// hole moving along the smallest of four children.
    #[inline]
    pub fn pop(&mut self) -> Option<Event> {
        let last = self.heap.pop()?;
        let h = &mut self.heap[..];
        let n = h.len();
        if n == 0 {
            return Some(last);
        }
        let top = h[0];
        let key = last.key();
        let mut i = 0;
        loop {
            let first = ARITY * i + 1;
            if first >= n {
                break;
            }
            let mut m = first;
            let mut mk = h[first].key();
            if let Some(c) = h.get(first..first + ARITY) {
                // the common case: four children, compared as a tree (two independent pairs,
                // then their winners) so the compares overlap and compile to conditional moves
                let (k0, k1, k2, k3) = (c[0].key(), c[1].key(), c[2].key(), c[3].key());
                let (a, ka) = if k1 < k0 { (1, k1) } else { (0, k0) };
                let (b, kb) = if k3 < k2 { (3, k3) } else { (2, k2) };
                let (w, kw) = if kb < ka { (b, kb) } else { (a, ka) };
                m = first + w;
                mk = kw;
            } else {
                for (j, e) in h.iter().enumerate().skip(first + 1) {
                    let k = e.key();
                    if k < mk {
                        m = j;
                        mk = k;
                    }
                }
            }
            if mk < key {
                h[i] = h[m];
                i = m;
            } else {
                break;
            }
        }
        h[i] = last;
        Some(top)
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Time of the next event, or +infinity when none is pending.
    #[inline]
    pub fn next_time(&self) -> f64 {
        self.heap.first().map_or(f64::INFINITY, Event::time)
    }

    /// The pending events, in no particular order (for reading the state, never the event loop).
    pub fn pending(&self) -> impl Iterator<Item = &Event> {
        self.heap.iter()
    }
}

/// Patience deadlines of the contacts now waiting: a 4-ary min-heap with a position index, so a
/// contact that is answered is removed at once instead of leaving a stale event behind (with
/// patience of minutes, stale abandonment events would otherwise dominate the main calendar).
/// Ties break by contact id, so the order is deterministic.
#[derive(Debug, Default)]
pub struct DeadlineHeap {
    heap: Vec<(u64, u32)>,
    /// Position of each contact in `heap`, `u32::MAX` when absent.
    pos: Vec<u32>,
}

impl DeadlineHeap {
    pub fn with_capacity(n: usize) -> Self {
        DeadlineHeap {
            heap: Vec::with_capacity(n),
            pos: Vec::with_capacity(n),
        }
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Earliest deadline and its contact; +infinity when no contact is waiting.
    #[inline]
    pub fn peek(&self) -> (f64, u32) {
        self.heap
            .first()
            .map_or((f64::INFINITY, u32::MAX), |&(t, c)| (f64::from_bits(t), c))
    }

    /// Adds contact `c` with deadline `time` (>= 0). The contact must not be present.
    #[inline]
    pub fn push(&mut self, c: u32, time: f64) {
        if self.pos.len() <= c as usize {
            self.pos.resize(c as usize + 1, u32::MAX);
        }
        let entry = ((time + 0.0).to_bits(), c);
        self.heap.push(entry);
        let i = self.heap.len() - 1;
        self.sift_up(i, entry);
    }

    /// Removes contact `c` if present.
    #[inline]
    pub fn remove(&mut self, c: u32) {
        let Some(&p) = self.pos.get(c as usize) else {
            return;
        };
        if p == u32::MAX {
            return;
        }
        let p = p as usize;
        self.pos[c as usize] = u32::MAX;
        let last = self.heap.pop().expect("present");
        if p < self.heap.len() {
            if p > 0 && dkey(last) < dkey(self.heap[(p - 1) / D_ARITY]) {
                self.sift_up(p, last);
            } else {
                self.sift_down(p, last);
            }
        }
    }

    /// Places `entry` at or above the hole `i`, moving larger parents down.
    #[inline(always)]
    fn sift_up(&mut self, mut i: usize, entry: (u64, u32)) {
        let key = dkey(entry);
        while i > 0 {
            let parent = (i - 1) / D_ARITY;
            let p = self.heap[parent];
            if key < dkey(p) {
                self.heap[i] = p;
                self.pos[p.1 as usize] = i as u32;
                i = parent;
            } else {
                break;
            }
        }
        self.heap[i] = entry;
        self.pos[entry.1 as usize] = i as u32;
    }

    /// Places `entry` at or below the hole `i`, moving the smallest of up to four children up.
    #[inline]
    fn sift_down(&mut self, mut i: usize, entry: (u64, u32)) {
        let key = dkey(entry);
        let h = &mut self.heap[..];
        let n = h.len();
        loop {
            let first = D_ARITY * i + 1;
            if first >= n {
                break;
            }
            let end = (first + D_ARITY).min(n);
            let mut m = first;
            let mut mk = dkey(h[first]);
            for (j, &e) in h[first + 1..end].iter().enumerate() {
                let k = dkey(e);
                if k < mk {
                    m = first + 1 + j;
                    mk = k;
                }
            }
            if mk < key {
                let child = h[m];
                h[i] = child;
                self.pos[child.1 as usize] = i as u32;
                i = m;
            } else {
                break;
            }
        }
        h[i] = entry;
        self.pos[entry.1 as usize] = i as u32;
    }
}

/// Children per node of the deadline heap.
const D_ARITY: usize = 4;

/// A deadline entry's order as one integer: time, then contact id (96 bits in a `u128`).
#[inline(always)]
fn dkey(e: (u64, u32)) -> u128 {
    (e.0 as u128) << 32 | e.1 as u128
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_insertion_order() {
        let mut c = Calendar::default();
        c.schedule(5.0, Kind::Done, 1, 0);
        c.schedule(1.0, Kind::ShiftStart, 2, 0);
        c.schedule(5.0, Kind::IvrDone, 3, 0);
        c.schedule(0.5, Kind::Enter, 4, 0);
        let order: Vec<u32> = std::iter::from_fn(|| c.pop()).map(|e| e.a).collect();
        assert_eq!(std::mem::size_of::<Event>(), 24);
        assert_eq!(order, vec![4, 2, 1, 3]);
    }

    /// The 4-ary heap against a sort of the same (time, sequence) keys, with many ties.
    #[test]
    fn pops_like_a_stable_sort_of_random_times() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        let mut c = Calendar::default();
        let mut expected = vec![];
        let mut next_id = 0u32;
        for round in 0..200 {
            for _ in 0..rng.random_range(0..20) {
                let t = (rng.random_range(0..50u32) + round) as f64;
                c.schedule(t, Kind::Done, next_id, 0);
                expected.push((t, next_id));
                next_id += 1;
            }
            for _ in 0..rng.random_range(0..15) {
                expected.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let Some(e) = c.pop() else { break };
                let want = expected.remove(0);
                assert_eq!((e.time(), e.a), want);
                assert_eq!(e.kind(), Kind::Done);
            }
        }
        assert_eq!(c.len(), expected.len());
    }

    /// Random pushes and removals (answered contacts leave from anywhere in the heap) against a
    /// plain list: the peek is always the earliest (deadline, contact).
    #[test]
    fn deadline_heap_matches_a_list_under_random_removals() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(8);
        let mut h = DeadlineHeap::default();
        let mut present: Vec<Option<f64>> = vec![None; 300];
        for _ in 0..30_000 {
            let c = rng.random_range(0..300u32);
            match present[c as usize] {
                Some(_) => {
                    h.remove(c);
                    present[c as usize] = None;
                }
                None => {
                    let t = rng.random_range(0..500u32) as f64; // many equal deadlines
                    h.push(c, t);
                    present[c as usize] = Some(t);
                }
            }
            let want = present
                .iter()
                .enumerate()
                .filter_map(|(c, t)| t.map(|t| (t, c as u32)))
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
                .unwrap_or((f64::INFINITY, u32::MAX));
            assert_eq!(h.peek(), want);
            assert_eq!(h.len(), present.iter().flatten().count());
        }
    }

    #[test]
    fn deadline_heap_removes_and_orders() {
        let mut h = DeadlineHeap::default();
        for (c, t) in [(5u32, 9.0), (1, 3.0), (7, 3.0), (2, 1.0), (9, 4.0)] {
            h.push(c, t);
        }
        h.remove(1);
        h.remove(42); // absent: no-op
        let mut out = vec![];
        while !h.is_empty() {
            let (t, c) = h.peek();
            out.push((t, c));
            h.remove(c);
        }
        assert_eq!(out, vec![(1.0, 2), (3.0, 7), (4.0, 9), (9.0, 5)]);
        assert!(h.is_empty());
    }
}
