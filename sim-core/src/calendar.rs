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
    Abandon,
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

const KINDS: [Kind; 10] = [
    Kind::Arrival,
    Kind::Enter,
    Kind::IvrDone,
    Kind::Abandon,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_insertion_order() {
        let mut c = Calendar::default();
        c.schedule(5.0, Kind::Done, 1, 0);
        c.schedule(1.0, Kind::Arrival, 2, 0);
        c.schedule(5.0, Kind::Abandon, 3, 0);
        c.schedule(0.5, Kind::Enter, 4, 0);
        let order: Vec<u32> = std::iter::from_fn(|| c.pop()).map(|e| e.a).collect();
        assert_eq!(std::mem::size_of::<Event>(), 24);
        assert_eq!(order, vec![4, 2, 1, 3]);
    }
}
