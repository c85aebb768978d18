//! Telegram's message limits as a schedule: each send reserves a slot no earlier than the
//! chat's and the bot's next free slot. Pure (time is passed in), so it is unit-tested.
//!
//! Slots are spaced evenly at the configured rates (plus a small margin for network jitter),
//! which uses the allowance fully without bursting into 429s. A send that leaves later than its
//! slot (a busy CPU) could still land closer to the next ones than Telegram allows, so right
//! before a send goes out, [`Limiter::admit`] also checks sliding windows over the instants
//! sends actually left — the way Telegram counts them.

use std::collections::{HashMap, VecDeque};
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
    /// Most sends in any second (overall) and in any minute (one group).
    overall_cap: usize,
    group_cap: usize,
    /// When sends actually left: overall, per group, and the last one per chat. An overall
    /// entry moves to the send's answer once it comes (see [`Limiter::answered`]).
    sent: SendWindow,
    group_sent: HashMap<i64, VecDeque<Instant>>,
    last_sent: HashMap<i64, Instant>,
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
            overall_cap: (limits.overall_per_sec.floor() as usize).max(1),
            group_cap: (limits.group_per_min.floor() as usize).max(1),
            sent: SendWindow::default(),
            group_sent: HashMap::new(),
            last_sent: HashMap::new(),
        }
    }

    /// Right before a send to `chat_id` goes out: records it and returns `Ok` when the windows
    /// of actual send times allow it, or how long to wait first.
    pub fn admit(&mut self, chat_id: i64, now: Instant) -> Result<(), Duration> {
        let second = Duration::from_secs_f64(1.0 + MARGIN);
        let minute = Duration::from_secs_f64(60.0 * (1.0 + MARGIN));
        self.sent
            .wait(now, second, self.overall_cap)
            .map_or(Ok(()), Err)?;
        if let Some(last) = self.last_sent.get(&chat_id) {
            let since = now.saturating_duration_since(*last);
            if since < self.chat_gap {
                return Err(self.chat_gap - since);
            }
        }
        if chat_id < 0 {
            let group = self.group_sent.entry(chat_id).or_default();
            window_wait(group, now, minute, self.group_cap).map_or(Ok(()), Err)?;
            group.push_back(now);
        }
        self.sent.push(chat_id, now);
        self.last_sent.insert(chat_id, now);
        Ok(())
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

    /// The send to `chat_id` that left at its slot was answered at `now`. Telegram counts a
    /// send when it arrives, which may be any time before the answer: spacing the chat's next
    /// send from the answer keeps two sends apart by the chat's gap however long the first one
    /// spent on the way (a busy CPU or network). A chat's sends go one at a time, so this costs
    /// one round trip per message to that chat, nothing to the others.
    ///
    /// The same holds for the overall window: the chat's send in it counts from its answer
    /// from now on, so sends to thirty other chats cannot land within a second of it however
    /// late it arrived. (A send still on the way counts from when it left.)
    pub fn answered(&mut self, chat_id: i64, now: Instant) {
        self.sent.answered(chat_id, now);
        self.last_sent.insert(chat_id, now);
        let gap = if chat_id < 0 {
            self.group_gap
        } else {
            self.chat_gap
        };
        let slot = self.next_chat.entry(chat_id).or_insert(now + gap);
        *slot = (*slot).max(now + gap);
    }

    /// Telegram said "retry after": nothing more to that chat until `until`.
    pub fn hold_chat(&mut self, chat_id: i64, until: Instant) {
        let slot = self.next_chat.entry(chat_id).or_insert(until);
        *slot = (*slot).max(until);
    }

    /// Forgets chats whose next slot has passed, so memory stays bounded.
    pub fn forget_idle(&mut self, now: Instant) {
        self.next_chat.retain(|_, at| *at > now);
        let gap = self.chat_gap;
        self.last_sent
            .retain(|_, at| now.saturating_duration_since(*at) < gap);
        let minute = Duration::from_secs_f64(60.0 * (1.0 + MARGIN));
        self.group_sent.retain(|_, q| {
            q.back()
                .is_some_and(|t| now.saturating_duration_since(*t) < minute)
        });
    }
}

/// The overall window of send instants, oldest first. An answered send moves to the back
/// with its answer's instant (a tombstone stays in its old place), so the window stays in
/// order and every step is O(1) amortised, however many sends a second the limits allow.
#[derive(Debug, Default)]
struct SendWindow {
    /// (instant, chat, still counted); the front entry has sequence number `front`.
    entries: VecDeque<(Instant, i64, bool)>,
    front: u64,
    /// Entries still counted.
    live: usize,
    /// Each chat's newest entry, by sequence number.
    newest: HashMap<i64, u64>,
}

impl SendWindow {
    fn push(&mut self, chat_id: i64, at: Instant) {
        let seq = self.front + self.entries.len() as u64;
        self.entries.push_back((at, chat_id, true));
        self.live += 1;
        self.newest.insert(chat_id, seq);
    }

    /// The chat's newest send counts from `now` instead of when it left.
    fn answered(&mut self, chat_id: i64, now: Instant) {
        let Some(seq) = self.newest.get(&chat_id).copied() else {
            return;
        };
        let Some(entry) = seq
            .checked_sub(self.front)
            .and_then(|i| self.entries.get_mut(i as usize))
        else {
            return;
        };
        if entry.2 && entry.0 < now {
            entry.2 = false;
            self.live -= 1;
            self.push(chat_id, now);
        }
    }

    /// Drops entries older than `window`; when `cap` counted sends remain inside it, how long
    /// until enough of them have left.
    fn wait(&mut self, now: Instant, window: Duration, cap: usize) -> Option<Duration> {
        while let Some(&(at, chat_id, live)) = self.entries.front() {
            if now.saturating_duration_since(at) < window {
                break;
            }
            self.entries.pop_front();
            if live {
                self.live -= 1;
            }
            if self.newest.get(&chat_id) == Some(&self.front) {
                self.newest.remove(&chat_id);
            }
            self.front += 1;
        }
        if self.live < cap {
            return None;
        }
        // The cap-th newest counted send: the window is full until it leaves.
        let oldest = self
            .entries
            .iter()
            .rev()
            .filter(|e| e.2)
            .nth(cap - 1)
            .map(|e| e.0)?;
        Some((window - now.saturating_duration_since(oldest)).max(Duration::from_micros(100)))
    }
}

/// Drops instants older than `window` from `sent`; when `cap` sends remain inside it, how long
/// until the oldest of them leaves the window.
fn window_wait(
    sent: &mut VecDeque<Instant>,
    now: Instant,
    window: Duration,
    cap: usize,
) -> Option<Duration> {
    while sent
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= window)
    {
        sent.pop_front();
    }
    if sent.len() < cap {
        return None;
    }
    let oldest = sent[sent.len() - cap];
    Some((window - now.saturating_duration_since(oldest)).max(Duration::from_micros(100)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window as first written: every instant kept unordered, an answer raising its
    /// chat's newest one in place, all of them scanned and sorted at every check.
    #[derive(Default)]
    struct NaiveWindow(Vec<(Instant, i64)>);

    impl NaiveWindow {
        fn wait(&mut self, now: Instant, window: Duration, cap: usize) -> Option<Duration> {
            self.0
                .retain(|(at, _)| now.saturating_duration_since(*at) < window);
            if self.0.len() < cap {
                return None;
            }
            let mut times: Vec<Instant> = self.0.iter().map(|(at, _)| *at).collect();
            times.sort_unstable();
            let oldest = times[times.len() - cap];
            Some((window - now.saturating_duration_since(oldest)).max(Duration::from_micros(100)))
        }

        fn answered(&mut self, chat_id: i64, now: Instant) {
            if let Some(sent) = self.0.iter_mut().rev().find(|(_, c)| *c == chat_id) {
                sent.0 = sent.0.max(now);
            }
        }
    }

    #[test]
    fn the_ordered_window_answers_as_the_scan_of_every_send_did() {
        let mut rng = fastrand::Rng::with_seed(7);
        let start = Instant::now();
        let window = Duration::from_millis(1_020);
        for cap in [1, 3, 30] {
            let (mut fast, mut naive) = (SendWindow::default(), NaiveWindow::default());
            let mut now = start;
            for _ in 0..5_000 {
                now += Duration::from_micros(rng.u64(0..60_000));
                let chat = rng.i64(-3..20);
                if rng.bool() {
                    fast.answered(chat, now);
                    naive.answered(chat, now);
                } else {
                    let (f, n) = (fast.wait(now, window, cap), naive.wait(now, window, cap));
                    assert_eq!(f, n, "cap {cap} at {:?}", now - start);
                    if f.is_none() {
                        fast.push(chat, now);
                        naive.0.push((now, chat));
                    }
                }
            }
            // Memory stays with the window, not with every send ever made.
            assert!(fast.entries.len() <= 2 * naive.0.len().max(cap) + 60);
            assert!(fast.newest.len() <= 23);
        }
    }

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
    fn a_chats_next_send_is_spaced_from_when_the_last_one_was_answered() {
        let t0 = Instant::now();
        let mut l = limiter(t0);
        let a = l.reserve(7, t0);
        assert!(l.admit(7, a).is_ok());
        // The send spent 300 ms on the way: Telegram may have counted it at +299 ms.
        let answered = a + Duration::from_millis(300);
        l.answered(7, answered);
        let other = l.reserve(8, answered);
        assert!(
            other - answered < Duration::from_millis(100),
            "other chats are not held up"
        );
        let b = l.reserve(7, answered);
        assert!(b - answered >= Duration::from_secs(1), "{:?}", b - answered);
        assert!(l.admit(7, answered + Duration::from_millis(800)).is_err());
        assert!(l.admit(7, b).is_ok());
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
    fn a_late_send_is_held_back_by_the_window_of_actual_send_times() {
        let t0 = Instant::now();
        let mut l = limiter(t0);
        // 30 sends leave within 100 ms (each one late for its slot): the 31st must wait until
        // the first is 1.02 s old.
        for c in 0..30 {
            assert_eq!(l.admit(c, t0 + Duration::from_millis(c as u64 * 3)), Ok(()));
        }
        let wait = l.admit(99, t0 + Duration::from_millis(100)).unwrap_err();
        assert_eq!(wait, Duration::from_millis(920));
        assert_eq!(l.admit(99, t0 + Duration::from_millis(1_020)), Ok(()));
    }

    #[test]
    fn a_send_that_arrived_late_counts_in_the_overall_window_from_its_answer() {
        let t0 = Instant::now();
        let mut l = limiter(t0);
        // Send 0 leaves at t0 but spends 300 ms on the way (Telegram may count it at +299).
        assert_eq!(l.admit(0, t0), Ok(()));
        l.answered(0, t0 + Duration::from_millis(300));
        for c in 1..30 {
            let at = t0 + Duration::from_millis(300 + c as u64 * 10);
            assert_eq!(l.admit(c, at), Ok(()));
            l.answered(c, at + Duration::from_millis(1));
        }
        // Counted from when it left, send 0 would have left the window at +1020 ms; counted
        // from its answer it is still in it, and a 31st send must wait.
        assert!(l.admit(99, t0 + Duration::from_millis(1_100)).is_err());
        assert_eq!(l.admit(99, t0 + Duration::from_millis(1_321)), Ok(()));
    }

    #[test]
    fn a_chat_is_not_admitted_twice_within_a_second() {
        let t0 = Instant::now();
        let mut l = limiter(t0);
        assert_eq!(l.admit(7, t0), Ok(()));
        assert!(l.admit(7, t0 + Duration::from_millis(500)).is_err());
        assert_eq!(l.admit(7, t0 + Duration::from_millis(1_020)), Ok(()));
    }

    #[test]
    fn a_group_gets_twenty_sends_in_any_minute() {
        let t0 = Instant::now();
        let mut l = limiter(t0);
        for i in 0..20 {
            assert_eq!(l.admit(-5, t0 + Duration::from_millis(1_100 * i)), Ok(()));
        }
        assert!(l.admit(-5, t0 + Duration::from_secs(30)).is_err());
        assert_eq!(l.admit(-5, t0 + Duration::from_millis(61_200)), Ok(()));
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
