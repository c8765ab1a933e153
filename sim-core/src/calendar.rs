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

/// One scheduled event (40 bytes, `Copy`, no heap data).
#[derive(Debug, Clone, Copy)]
pub struct Event {
    pub time: f64,
    seq: u64,
    pub kind: Kind,
    pub a: u32,
    pub b: u32,
    pub c: u32,
}

impl PartialEq for Event {
    fn eq(&self, o: &Self) -> bool {
        self.seq == o.seq
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
    fn cmp(&self, o: &Self) -> Ordering {
        o.time.total_cmp(&self.time).then(o.seq.cmp(&self.seq))
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

    #[inline]
    pub fn schedule(&mut self, time: f64, kind: Kind, a: u32, b: u32, c: u32) {
        self.seq += 1;
        self.heap.push(Event {
            time,
            seq: self.seq,
            kind,
            a,
            b,
            c,
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
    pub fn peek_time(&self) -> Option<f64> {
        self.heap.peek().map(|e| e.time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_insertion_order() {
        let mut c = Calendar::default();
        c.schedule(5.0, Kind::Done, 1, 0, 0);
        c.schedule(1.0, Kind::Arrival, 2, 0, 0);
        c.schedule(5.0, Kind::Abandon, 3, 0, 0);
        c.schedule(0.5, Kind::Enter, 4, 0, 0);
        let order: Vec<u32> = std::iter::from_fn(|| c.pop()).map(|e| e.a).collect();
        assert_eq!(order, vec![4, 2, 1, 3]);
    }
}
