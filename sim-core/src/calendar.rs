//! The event calendar: a binary min-heap ordered by (time, insertion sequence), so events at the
//! same instant run in the order they were scheduled (deterministic tie-break).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// What happens. Payload meaning depends on the kind (see the engine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Arrival,
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
/// the key comparison is two integer compares.
#[derive(Debug, Clone, Copy)]
pub struct Event {
    time_bits: u64,
    /// Insertion sequence (upper 56 bits) and kind (low 8 bits).
    seq_kind: u64,
    pub a: u32,
    pub b: u32,
}

const KINDS: [Kind; 9] = [
    Kind::Arrival,
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
        KINDS[(self.seq_kind & 0xFF) as usize % KINDS.len()]
    }
}

impl PartialEq for Event {
    fn eq(&self, o: &Self) -> bool {
        self.seq_kind == o.seq_kind
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Event {
    /// Reversed so `BinaryHeap` (a max-heap) pops the earliest event first.
    #[inline]
    fn cmp(&self, o: &Self) -> Ordering {
        (o.time_bits, o.seq_kind).cmp(&(self.time_bits, self.seq_kind))
    }
}

/// The pending events of one replication.
#[derive(Debug, Default)]
pub struct Calendar {
    heap: BinaryHeap<Event>,
    seq: u64,
}

impl Calendar {
    pub fn with_capacity(n: usize) -> Self {
        Calendar {
            heap: BinaryHeap::with_capacity(n),
            seq: 0,
        }
    }

    /// Schedules an event at `time` (seconds, >= 0).
    #[inline]
    pub fn schedule(&mut self, time: f64, kind: Kind, a: u32, b: u32) {
        self.seq += 1;
        debug_assert!(time >= 0.0);
        self.heap.push(Event {
            time_bits: (time + 0.0).to_bits(),
            seq_kind: self.seq << 8 | kind as u64,
            a,
            b,
        });
    }

    #[inline]
    pub fn pop(&mut self) -> Option<Event> {
        self.heap.pop()
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Time of the next event, if any.
    #[inline]
    pub fn peek_time(&self) -> Option<f64> {
        self.heap.peek().map(|e| e.time())
    }
}

/// Patience deadlines of the contacts now waiting: a binary min-heap with a position index, so a
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

    /// Earliest deadline and its contact.
    #[inline]
    pub fn peek(&self) -> Option<(f64, u32)> {
        self.heap.first().map(|&(t, c)| (f64::from_bits(t), c))
    }

    /// Adds contact `c` with deadline `time` (>= 0). The contact must not be present.
    pub fn push(&mut self, c: u32, time: f64) {
        if self.pos.len() <= c as usize {
            self.pos.resize(c as usize + 1, u32::MAX);
        }
        let i = self.heap.len();
        self.heap.push(((time + 0.0).to_bits(), c));
        self.pos[c as usize] = i as u32;
        self.sift_up(i);
    }

    /// Removes contact `c` if present.
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
            self.heap[p] = last;
            self.pos[last.1 as usize] = p as u32;
            self.sift_down(p);
            self.sift_up(p);
        }
    }

    #[inline]
    fn sift_up(&mut self, mut i: usize) {
        while i > 0 {
            let parent = (i - 1) / 2;
            if self.heap[i] < self.heap[parent] {
                self.swap(i, parent);
                i = parent;
            } else {
                break;
            }
        }
    }

    #[inline]
    fn sift_down(&mut self, mut i: usize) {
        let n = self.heap.len();
        loop {
            let l = 2 * i + 1;
            if l >= n {
                break;
            }
            let r = l + 1;
            let m = if r < n && self.heap[r] < self.heap[l] {
                r
            } else {
                l
            };
            if self.heap[m] < self.heap[i] {
                self.swap(i, m);
                i = m;
            } else {
                break;
            }
        }
    }

    #[inline]
    fn swap(&mut self, a: usize, b: usize) {
        self.heap.swap(a, b);
        self.pos[self.heap[a].1 as usize] = a as u32;
        self.pos[self.heap[b].1 as usize] = b as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_insertion_order() {
        let mut c = Calendar::default();
        c.schedule(5.0, Kind::Done, 1, 0);
        c.schedule(1.0, Kind::Arrival, 2, 0);
        c.schedule(5.0, Kind::IvrDone, 3, 0);
        c.schedule(0.5, Kind::Enter, 4, 0);
        let order: Vec<u32> = std::iter::from_fn(|| c.pop()).map(|e| e.a).collect();
        assert_eq!(std::mem::size_of::<Event>(), 24);
        assert_eq!(order, vec![4, 2, 1, 3]);
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
        while let Some((t, c)) = h.peek() {
            out.push((t, c));
            h.remove(c);
        }
        assert_eq!(out, vec![(1.0, 2), (3.0, 7), (4.0, 9), (9.0, 5)]);
        assert!(h.is_empty());
    }
}
