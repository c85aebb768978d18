//! Telegram's message limits as a schedule: each send reserves a slot no earlier than the
//! chat's and the bot's next free slot. Pure (time is passed in), so it is unit-tested.
//!
//! Slots are spaced evenly at the configured rates (plus a small margin for network jitter),
//! which uses the allowance fully without bursting into 429s.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::config::RateLimits;

/// Spacing is widened by this fraction so jitter on the way never makes two sends look
/// closer together than the limit.
const MARGIN: f64 = 0.02;

/// The send schedule.
#[derive(Debug)]
pub struct Limiter {
    overall_gap: Duration,
    chat_gap: Duration,
    group_gap: Duration,
    next_overall: Instant,
    next_chat: HashMap<i64, Instant>,
}

impl Limiter {
    pub fn new(limits: RateLimits, now: Instant) -> Limiter {
        let gap = |per_sec: f64| Duration::from_secs_f64((1.0 + MARGIN) / per_sec);
        Limiter {
            overall_gap: gap(limits.overall_per_sec),
            chat_gap: gap(limits.chat_per_sec),
            group_gap: gap(limits.group_per_min / 60.0).max(gap(limits.chat_per_sec)),
            next_overall: now,
            next_chat: HashMap::new(),
        }
    }

    /// The earliest moment a message to `chat_id` may go, as far as that chat is concerned.
    pub fn chat_ready_at(&self, chat_id: i64, now: Instant) -> Instant {
        self.next_chat
            .get(&chat_id)
            .copied()
            .unwrap_or(now)
            .max(now)
    }

    /// The earliest moment any message may go.
    pub fn overall_ready_at(&self, now: Instant) -> Instant {
        self.next_overall.max(now)
    }

    /// Reserves the next slot for `chat_id` and returns when to send.
    pub fn reserve(&mut self, chat_id: i64, now: Instant) -> Instant {
        let at = self
            .chat_ready_at(chat_id, now)
            .max(self.overall_ready_at(now));
        self.next_overall = at + self.overall_gap;
        let gap = if chat_id < 0 {
            self.group_gap
        } else {
            self.chat_gap
        };
        self.next_chat.insert(chat_id, at + gap);
        at
    }

    /// Telegram said "retry after": nothing more to that chat until `until`.
    pub fn hold_chat(&mut self, chat_id: i64, until: Instant) {
        let slot = self.next_chat.entry(chat_id).or_insert(until);
        *slot = (*slot).max(until);
    }

    /// Forgets chats whose next slot has passed, so memory stays bounded.
    pub fn forget_idle(&mut self, now: Instant) {
        self.next_chat.retain(|_, at| *at > now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(now: Instant) -> Limiter {
        Limiter::new(RateLimits::default(), now)
    }

    #[test]
    fn sends_to_different_chats_are_spaced_by_the_overall_rate() {
        let t0 = Instant::now();
        let mut l = limiter(t0);
        let slots: Vec<_> = (0..30).map(|c| l.reserve(c, t0)).collect();
        let span = *slots.last().unwrap() - slots[0];
        // 30 messages take just under a second (29 gaps of 1/30 s, plus the margin).
        assert!(
            span >= Duration::from_millis(966) && span < Duration::from_millis(1000),
            "{span:?}"
        );
    }

    #[test]
    fn one_private_chat_gets_at_most_one_message_a_second() {
        let t0 = Instant::now();
        let mut l = limiter(t0);
        let a = l.reserve(7, t0);
        let b = l.reserve(7, t0);
        assert!(b - a >= Duration::from_secs(1));
    }

    #[test]
    fn a_group_gets_at_most_twenty_messages_a_minute() {
        let t0 = Instant::now();
        let mut l = limiter(t0);
        let slots: Vec<_> = (0..21).map(|_| l.reserve(-100, t0)).collect();
        assert!(slots[20] - slots[0] >= Duration::from_secs(60));
    }

    #[test]
    fn retry_after_holds_the_chat_but_not_the_others() {
        let t0 = Instant::now();
        let mut l = limiter(t0);
        l.hold_chat(5, t0 + Duration::from_secs(10));
        assert_eq!(l.chat_ready_at(5, t0), t0 + Duration::from_secs(10));
        assert_eq!(l.chat_ready_at(6, t0), t0);
    }

    #[test]
    fn idle_chats_are_forgotten() {
        let t0 = Instant::now();
        let mut l = limiter(t0);
        l.reserve(1, t0);
        l.forget_idle(t0 + Duration::from_secs(2));
        assert!(l.next_chat.is_empty());
    }
}
