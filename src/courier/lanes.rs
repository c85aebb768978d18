//! Which chats have a delivery lane running, and whether a reading of the queue can still be
//! trusted for a chat.
//!
//! The courier reads the head of every chat's queue, then starts lanes for the chats that are
//! free. A lane that finishes a row and leaves its chat *between* the reading and the start
//! would make that reading stale: it still lists the row just sent. So a reading carries the
//! moment it was taken ([`Reading`]), every release is stamped, and a chat released after the
//! reading is not started from it; the release wakes the courier, whose next reading is fresh.
//! Pure and synchronous, so the interleaving is unit-tested.

use std::collections::{HashMap, HashSet};

/// When a reading of the queue was taken, on the lanes' own clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading(u64);

/// The chats being served, and when each recently freed chat was released.
#[derive(Debug, Default)]
pub struct Lanes {
    busy: HashSet<i64>,
    released: HashMap<i64, u64>,
    clock: u64,
}

impl Lanes {
    /// Take this right *before* reading the queue.
    pub fn reading(&self) -> Reading {
        Reading(self.clock)
    }

    /// Starts a lane for `chat` from a row read at `reading`. False when the chat has a lane,
    /// or its lane ended after the reading (the row may have been sent since).
    pub fn claim(&mut self, chat: i64, reading: Reading) -> bool {
        if self.busy.contains(&chat) || self.released.get(&chat).is_some_and(|&at| at > reading.0) {
            return false;
        }
        self.busy.insert(chat);
        true
    }

    /// The lane for `chat` has ended (its last outcome is recorded in the database).
    pub fn release(&mut self, chat: i64) {
        self.clock += 1;
        self.busy.remove(&chat);
        self.released.insert(chat, self.clock);
    }

    /// Forgets releases that happened before `reading`: every later reading is newer anyway.
    pub fn forget_before(&mut self, reading: Reading) {
        self.released.retain(|_, at| *at > reading.0);
    }

    pub fn busy(&self) -> usize {
        self.busy.len()
    }

    pub fn is_busy(&self, chat: i64) -> bool {
        self.busy.contains(&chat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHAT: i64 = 71;

    #[test]
    fn a_reading_taken_while_a_lane_ran_cannot_restart_the_row_that_lane_sent() {
        let mut lanes = Lanes::default();
        assert!(lanes.claim(CHAT, lanes.reading()), "a lane sends row X");
        // The courier reads the queue: X is still pending, since its send has not finished.
        let stale = lanes.reading();
        // The lane records X as sent and leaves the chat…
        lanes.release(CHAT);
        // …before the courier gets to X in its stale reading.
        assert!(!lanes.claim(CHAT, stale), "X would go out twice");
        // The release woke the courier; its next reading is fresh and may start the chat.
        let fresh = lanes.reading();
        lanes.forget_before(stale);
        assert!(lanes.claim(CHAT, fresh));
    }

    #[test]
    fn a_busy_chat_is_never_given_a_second_lane() {
        let mut lanes = Lanes::default();
        let r = lanes.reading();
        assert!(lanes.claim(CHAT, r));
        assert!(!lanes.claim(CHAT, r));
        assert!(!lanes.claim(CHAT, lanes.reading()));
        assert!(lanes.claim(CHAT + 1, r), "other chats are not held up");
        assert_eq!(lanes.busy(), 2);
    }

    #[test]
    fn releases_before_a_reading_do_not_hold_a_chat_back_and_are_forgotten() {
        let mut lanes = Lanes::default();
        assert!(lanes.claim(CHAT, lanes.reading()));
        lanes.release(CHAT);
        let r = lanes.reading();
        assert!(lanes.claim(CHAT, r));
        lanes.release(CHAT);
        lanes.forget_before(lanes.reading());
        assert!(lanes.released.is_empty(), "memory stays bounded");
    }
}
