//! The crews' loop: what a pothole's work state may become, who may change it, and what each
//! change means for the people involved. A pure state machine, tested against every
//! (state, action) pair; the store applies its answers, the texts render them.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::Severity;

/// Where the crews are with a pothole (`reports.work_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkState {
    /// Graded, nobody has acted yet (or reopened).
    Open,
    /// A crew member has taken it ("On it").
    Acknowledged,
    /// Coned off or temporarily filled, not yet repaired.
    MadeSafe,
    /// Repaired.
    Fixed,
    /// Not a pothole, not ours, or no action will be taken.
    Rejected,
    /// The same pothole as another report.
    Duplicate,
}

impl WorkState {
    pub const ALL: [WorkState; 6] = [
        WorkState::Open,
        WorkState::Acknowledged,
        WorkState::MadeSafe,
        WorkState::Fixed,
        WorkState::Rejected,
        WorkState::Duplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WorkState::Open => "open",
            WorkState::Acknowledged => "acknowledged",
            WorkState::MadeSafe => "made_safe",
            WorkState::Fixed => "fixed",
            WorkState::Rejected => "rejected",
            WorkState::Duplicate => "duplicate",
        }
    }

    /// Still work to do: open, acknowledged or made safe (Open311 `open`).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            WorkState::Open | WorkState::Acknowledged | WorkState::MadeSafe
        )
    }
}

impl fmt::Display for WorkState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for WorkState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        WorkState::ALL
            .into_iter()
            .find(|w| w.as_str() == s)
            .ok_or_else(|| format!("unknown work state {s:?}"))
    }
}

/// Why the crews closed a pothole without a repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    NotPothole,
    NotOurs,
    NoAction,
}

impl RejectReason {
    pub const ALL: [RejectReason; 3] = [
        RejectReason::NotPothole,
        RejectReason::NotOurs,
        RejectReason::NoAction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::NotPothole => "not_pothole",
            RejectReason::NotOurs => "not_ours",
            RejectReason::NoAction => "no_action",
        }
    }
}

impl FromStr for RejectReason {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RejectReason::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown reject reason {s:?}"))
    }
}

/// What someone does to a pothole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum WorkAction {
    /// "On it".
    Take,
    /// "Made safe".
    MakeSafe,
    /// "Fixed" (staff), or "Yes" to the follow-up question (citizen).
    Fix,
    /// "Not a pothole", with the reason chosen.
    Reject { reason: RejectReason },
    /// "Still broken" (citizen), or staff reopening a closed one.
    Reopen,
    /// The same pothole as report `of`.
    MarkDuplicate { of: i64 },
}

impl WorkAction {
    /// Every action, for exhaustive tests (`MarkDuplicate` with a sample report).
    pub const ALL: [WorkAction; 8] = [
        WorkAction::Take,
        WorkAction::MakeSafe,
        WorkAction::Fix,
        WorkAction::Reject {
            reason: RejectReason::NotPothole,
        },
        WorkAction::Reject {
            reason: RejectReason::NotOurs,
        },
        WorkAction::Reject {
            reason: RejectReason::NoAction,
        },
        WorkAction::Reopen,
        WorkAction::MarkDuplicate { of: 7 },
    ];

    /// The state this action leads to when it is allowed.
    pub fn target(self) -> WorkState {
        match self {
            WorkAction::Take => WorkState::Acknowledged,
            WorkAction::MakeSafe => WorkState::MadeSafe,
            WorkAction::Fix => WorkState::Fixed,
            WorkAction::Reject { .. } => WorkState::Rejected,
            WorkAction::Reopen => WorkState::Open,
            WorkAction::MarkDuplicate { .. } => WorkState::Duplicate,
        }
    }

    /// The `events.kind` of the change.
    pub fn event_kind(self) -> &'static str {
        match self {
            WorkAction::Reopen => "reopened",
            other => other.target().as_str(),
        }
    }
}

/// Who changed the work state (`events.actor`, with the staff member's id and name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Staff { user_id: i64, name: String },
    Citizen,
    System,
}

impl Actor {
    /// `events.actor`.
    pub fn kind(&self) -> &'static str {
        match self {
            Actor::Staff { .. } => "staff",
            Actor::Citizen => "citizen",
            Actor::System => "system",
        }
    }

    /// The name shown to staff for who did it.
    pub fn display_name(&self) -> &str {
        match self {
            Actor::Staff { name, .. } => name,
            Actor::Citizen => "the citizen",
            Actor::System => "the bot",
        }
    }
}

/// The stored facts the rules need about a pothole.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkStatus {
    pub state: WorkState,
    /// Who made the last change ([`Actor::display_name`]) and when.
    pub by: String,
    pub at: DateTime<Utc>,
    /// The report it duplicates, when `state` is `duplicate`.
    pub duplicate_of: Option<i64>,
}

/// An allowed change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: WorkState,
    pub to: WorkState,
    pub action: WorkAction,
    pub at: DateTime<Utc>,
    /// The citizen (and every citizen who joined the report) hears about it.
    pub tell_citizens: bool,
}

/// Why an action changes nothing; each names what stands in the way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum Refusal {
    /// The pothole is already in the state the action leads to (a double tap, or two crew
    /// members at once): who got there first, and when.
    Already {
        state: WorkState,
        by: String,
        at: DateTime<Utc>,
    },
    /// Closed (fixed, rejected, duplicate): only reopening can change it.
    Closed {
        state: WorkState,
        by: String,
        at: DateTime<Utc>,
        duplicate_of: Option<i64>,
    },
    /// A step back the loop does not take (for example "On it" after "Made safe").
    Backwards {
        state: WorkState,
        by: String,
        at: DateTime<Utc>,
    },
    /// Reopening something that is not closed or made safe.
    NotClosed { state: WorkState },
    /// A citizen may only reopen a fixed or made-safe pothole, or mark it fixed.
    NotForCitizens,
    /// A report cannot be the duplicate of itself.
    SelfDuplicate,
}

/// Applies the rules: may `actor` do `action` to a pothole in `current`, at `now`?
///
/// `report_id` is the pothole's own number (a report cannot duplicate itself).
pub fn transition(
    report_id: i64,
    current: &WorkStatus,
    action: WorkAction,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Transition, Refusal> {
    use WorkAction as A;
    use WorkState as S;
    let state = current.state;
    let already = || Refusal::Already {
        state,
        by: current.by.clone(),
        at: current.at,
    };
    let closed = || Refusal::Closed {
        state,
        by: current.by.clone(),
        at: current.at,
        duplicate_of: current.duplicate_of,
    };
    let backwards = || Refusal::Backwards {
        state,
        by: current.by.clone(),
        at: current.at,
    };
    if let A::MarkDuplicate { of } = action
        && of == report_id
    {
        return Err(Refusal::SelfDuplicate);
    }
    if matches!(actor, Actor::Citizen) && !matches!(action, A::Fix | A::Reopen) {
        return Err(Refusal::NotForCitizens);
    }
    match (state, action) {
        (S::Open | S::Acknowledged, A::Reopen) => return Err(Refusal::NotClosed { state }),
        (S::Acknowledged, A::Take) => return Err(already()),
        (S::MadeSafe, A::MakeSafe) => return Err(already()),
        (S::MadeSafe, A::Take) => return Err(backwards()),
        (S::Open | S::Acknowledged | S::MadeSafe, _) => {}

        (S::Fixed, A::Fix) => return Err(already()),
        (S::Fixed, A::Reopen) => {}
        (S::Fixed, _) => return Err(closed()),

        // Rejected and duplicate reports are reopened by staff only.
        (S::Rejected, A::Reject { .. }) => return Err(already()),
        (S::Duplicate, A::MarkDuplicate { of }) if Some(of) == current.duplicate_of => {
            return Err(already());
        }
        (S::Rejected | S::Duplicate, A::Reopen) if !matches!(actor, Actor::Citizen) => {}
        (S::Rejected | S::Duplicate, _) => return Err(closed()),
    }
    Ok(Transition {
        from: state,
        to: action.target(),
        action,
        at: now,
        // The citizen learns of every step but their own and of being merged by hand
        // (a duplicate found by the bot is told at grading, with the report it joined).
        tell_citizens: !matches!(actor, Actor::Citizen),
    })
}

/// How long the crews have, by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    pub severe: Duration,
    pub moderate: Duration,
    pub minor: Duration,
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            severe: Duration::from_secs(24 * 3600),
            moderate: Duration::from_secs(14 * 86_400),
            minor: Duration::from_secs(90 * 86_400),
        }
    }
}

impl Deadlines {
    /// The time left to meet from when the pothole was opened, in `state`; `None` when
    /// nothing is due (closed; or severe and made safe, which meets its deadline).
    pub fn due_after(self, severity: Severity, state: WorkState) -> Option<Duration> {
        if !state.is_open() {
            return None;
        }
        match severity {
            Severity::Severe if state == WorkState::MadeSafe => None,
            Severity::Severe => Some(self.severe),
            Severity::Moderate => Some(self.moderate),
            Severity::Minor => Some(self.minor),
            Severity::NotPothole | Severity::Unclear => None,
        }
    }
}

/// The loop's settings, as the store applies them.
#[derive(Debug, Clone, Copy)]
pub struct LoopRules {
    pub deadlines: Deadlines,
    /// Ask the citizen "Is it fixed now?" this long after the alert (`None`: never).
    pub follow_up_after: Option<Duration>,
    /// How long after a fix "Still broken" reopens the pothole.
    pub reopen_window: Duration,
    /// A new pothole this close to an open one is the same pothole (0: off).
    pub duplicate_radius_m: f64,
    /// `ALERT_MIN_SEVERITY`.
    pub alert_threshold: Severity,
}

impl Default for LoopRules {
    fn default() -> Self {
        LoopRules {
            deadlines: Deadlines::default(),
            follow_up_after: Some(Duration::from_secs(28 * 86_400)),
            reopen_window: Duration::from_secs(30 * 86_400),
            duplicate_radius_m: 30.0,
            alert_threshold: Severity::Severe,
        }
    }
}

/// The due times of a pothole just graded, in unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NewSchedule {
    /// The deadline for its severity.
    pub due: Option<i64>,
    /// The crews' overdue reminder: the deadline, for an alerted pothole only.
    pub remind: Option<i64>,
    /// "Is it fixed now?" to the citizen, for an alerted pothole only.
    pub follow_up: Option<i64>,
}

impl NewSchedule {
    /// The earliest time the scheduler must act on (a reminder or a follow-up).
    pub fn first_due(self) -> Option<i64> {
        match (self.remind, self.follow_up) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

impl LoopRules {
    /// What a pothole of `severity` graded at `now_unix` is scheduled for; nothing for what
    /// is not a pothole.
    pub fn schedule_new(&self, severity: Severity, alerted: bool, now_unix: i64) -> NewSchedule {
        if !severity.is_pothole() {
            return NewSchedule::default();
        }
        let at = |d: Duration| now_unix.saturating_add(d.as_secs() as i64);
        let due = self.deadlines.due_after(severity, WorkState::Open).map(at);
        NewSchedule {
            due,
            remind: due.filter(|_| alerted),
            follow_up: self.follow_up_after.filter(|_| alerted).map(at),
        }
    }
}

/// Why a duration setting is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("expected a number and a unit (90s, 15m, 24h, 14d){off}")]
    Malformed { off: &'static str },
    #[error("`off` is not allowed here")]
    OffNotAllowed,
    #[error("must be more than zero")]
    Zero,
}

/// Parses a duration setting: a number and a unit (`90s`, `15m`, `24h`, `14d`), or `off`
/// (`None`) when `off_allowed`.
pub fn parse_duration(s: &str, off_allowed: bool) -> Result<Option<Duration>, DurationError> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("off") {
        return if off_allowed {
            Ok(None)
        } else {
            Err(DurationError::OffNotAllowed)
        };
    }
    let malformed = DurationError::Malformed {
        off: if off_allowed { ", or off" } else { "" },
    };
    let split = s
        .find(|c: char| !c.is_ascii_digit())
        .ok_or(malformed.clone())?;
    let (number, unit) = s.split_at(split);
    let n: u64 = number.parse().map_err(|_| malformed.clone())?;
    let unit_secs = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(malformed),
    };
    if n == 0 {
        return Err(DurationError::Zero);
    }
    let secs = n.checked_mul(unit_secs).ok_or(malformed)?;
    Ok(Some(Duration::from_secs(secs)))
}

/// Metres between two points on the Earth (haversine, mean radius).
pub fn distance_m(a: super::GeoPoint, b: super::GeoPoint) -> f64 {
    const R: f64 = 6_371_008.8;
    let (la1, la2) = (a.lat().to_radians(), b.lat().to_radians());
    let dla = la2 - la1;
    let dlo = (b.lon() - a.lon()).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().min(1.0).asin()
}

/// A latitude/longitude box that holds every point within `radius_m` of `p`: the indexed
/// prefilter before [`distance_m`]. Near a pole or the antimeridian it takes every longitude.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub lat_min: f64,
    pub lat_max: f64,
    pub lon_min: f64,
    pub lon_max: f64,
}

pub fn bounding_box(p: super::GeoPoint, radius_m: f64) -> BoundingBox {
    const M_PER_DEG_LAT: f64 = 111_000.0; // a little less than the true 111,195: a wider box
    let dlat = radius_m / M_PER_DEG_LAT;
    let lat_min = (p.lat() - dlat).max(-90.0);
    let lat_max = (p.lat() + dlat).min(90.0);
    let widest = lat_min.abs().max(lat_max.abs());
    let cos = widest.to_radians().cos();
    let dlon = if cos < 1e-6 {
        360.0
    } else {
        radius_m / (M_PER_DEG_LAT * cos)
    };
    let (lon_min, lon_max) = if p.lon() - dlon < -180.0 || p.lon() + dlon > 180.0 {
        (-180.0, 180.0)
    } else {
        (p.lon() - dlon, p.lon() + dlon)
    };
    BoundingBox {
        lat_min,
        lat_max,
        lon_min,
        lon_max,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::GeoPoint;
    use chrono::TimeZone;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 1, 14, 2, 0).unwrap()
    }

    #[test]
    fn a_new_pothole_is_due_by_its_severity_and_only_an_alerted_one_is_reminded_and_followed_up() {
        let rules = LoopRules::default();
        let now = 1_000_000;
        let severe = rules.schedule_new(Severity::Severe, true, now);
        assert_eq!(severe.due, Some(now + 24 * 3600));
        assert_eq!(severe.remind, severe.due);
        assert_eq!(severe.follow_up, Some(now + 28 * 86_400));
        assert_eq!(severe.first_due(), Some(now + 24 * 3600));
        let moderate = rules.schedule_new(Severity::Moderate, false, now);
        assert_eq!(moderate.due, Some(now + 14 * 86_400));
        assert_eq!((moderate.remind, moderate.follow_up), (None, None));
        assert_eq!(moderate.first_due(), None);
        for not in [Severity::NotPothole, Severity::Unclear] {
            assert_eq!(rules.schedule_new(not, true, now), NewSchedule::default());
        }
        // A follow-up sooner than the deadline is what the scheduler waits for first.
        let soon = LoopRules {
            follow_up_after: Some(Duration::from_secs(60)),
            ..rules
        };
        assert_eq!(
            soon.schedule_new(Severity::Severe, true, now).first_due(),
            Some(now + 60)
        );
        let never = LoopRules {
            follow_up_after: None,
            ..rules
        };
        assert_eq!(
            never.schedule_new(Severity::Severe, true, now).follow_up,
            None
        );
    }

    fn status(state: WorkState) -> WorkStatus {
        WorkStatus {
            state,
            by: "Ana".into(),
            at: at(),
            duplicate_of: (state == WorkState::Duplicate).then_some(3),
        }
    }

    fn staff() -> Actor {
        Actor::Staff {
            user_id: 5,
            name: "Ben".into(),
        }
    }

    /// The whole table: for each state, what each staff action gives.
    #[test]
    fn every_state_and_staff_action_has_a_deliberate_answer() {
        use WorkAction as A;
        use WorkState as S;
        #[derive(Debug, PartialEq)]
        enum R {
            To(S),
            Already,
            Closed,
            Backwards,
            NotClosed,
        }
        let expect = |state: S, action: A| -> R {
            match (state, action) {
                (S::Open, A::Reopen) | (S::Acknowledged, A::Reopen) => R::NotClosed,
                (S::Acknowledged, A::Take) => R::Already,
                (S::MadeSafe, A::MakeSafe) => R::Already,
                (S::MadeSafe, A::Take) => R::Backwards,
                (S::Fixed, A::Fix) => R::Already,
                (S::Fixed, A::Reopen) => R::To(S::Open),
                (S::Fixed, _) => R::Closed,
                (S::Rejected, A::Reject { .. }) => R::Already,
                (S::Rejected, A::Reopen) => R::To(S::Open),
                (S::Rejected, _) => R::Closed,
                (S::Duplicate, A::MarkDuplicate { of: 3 }) => R::Already,
                (S::Duplicate, A::Reopen) => R::To(S::Open),
                (S::Duplicate, _) => R::Closed,
                (_, action) => R::To(action.target()),
            }
        };
        let mut pairs = 0;
        for state in WorkState::ALL {
            for action in WorkAction::ALL
                .into_iter()
                .chain([WorkAction::MarkDuplicate { of: 3 }])
            {
                pairs += 1;
                let got = match transition(1, &status(state), action, &staff(), at()) {
                    Ok(t) => {
                        assert_eq!((t.from, t.at, t.action), (state, at(), action));
                        assert!(t.tell_citizens);
                        R::To(t.to)
                    }
                    Err(Refusal::Already {
                        state: s,
                        by,
                        at: when,
                    }) => {
                        assert_eq!((s, by.as_str(), when), (state, "Ana", at()));
                        R::Already
                    }
                    Err(Refusal::Closed { state: s, by, .. }) => {
                        assert_eq!((s, by.as_str()), (state, "Ana"));
                        R::Closed
                    }
                    Err(Refusal::Backwards { state: s, .. }) => {
                        assert_eq!(s, state);
                        R::Backwards
                    }
                    Err(Refusal::NotClosed { state: s }) => {
                        assert_eq!(s, state);
                        R::NotClosed
                    }
                    Err(other) => panic!("{state:?} {action:?}: {other:?}"),
                };
                assert_eq!(got, expect(state, action), "{state:?} + {action:?}");
            }
        }
        assert_eq!(pairs, 6 * 9);
    }

    #[test]
    fn a_citizen_may_only_mark_fixed_or_reopen_what_was_fixed_or_made_safe() {
        for state in WorkState::ALL {
            for action in WorkAction::ALL {
                let got = transition(1, &status(state), action, &Actor::Citizen, at());
                let ok = match action {
                    WorkAction::Fix => state.is_open(),
                    WorkAction::Reopen => matches!(state, WorkState::Fixed | WorkState::MadeSafe),
                    _ => false,
                };
                assert_eq!(got.is_ok(), ok, "{state:?} {action:?}: {got:?}");
                if let Ok(t) = got {
                    assert!(!t.tell_citizens, "the citizen is not told what they did");
                }
            }
        }
    }

    #[test]
    fn the_system_is_held_to_the_staff_rules() {
        let t = transition(
            1,
            &status(WorkState::Open),
            WorkAction::MarkDuplicate { of: 3 },
            &Actor::System,
            at(),
        )
        .unwrap();
        assert_eq!(t.to, WorkState::Duplicate);
    }

    #[test]
    fn a_report_cannot_duplicate_itself() {
        assert_eq!(
            transition(
                3,
                &status(WorkState::Open),
                WorkAction::MarkDuplicate { of: 3 },
                &staff(),
                at()
            ),
            Err(Refusal::SelfDuplicate)
        );
    }

    #[test]
    fn states_reasons_and_event_kinds_use_their_column_words() {
        for s in WorkState::ALL {
            assert_eq!(s.as_str().parse(), Ok(s));
        }
        assert!("lost".parse::<WorkState>().is_err());
        for r in RejectReason::ALL {
            assert_eq!(r.as_str().parse(), Ok(r));
        }
        assert_eq!(WorkAction::Reopen.event_kind(), "reopened");
        assert_eq!(WorkAction::Take.event_kind(), "acknowledged");
        assert_eq!(WorkAction::MakeSafe.event_kind(), "made_safe");
        assert_eq!(Actor::Citizen.kind(), "citizen");
        assert_eq!(staff().kind(), "staff");
        assert_eq!(staff().display_name(), "Ben");
    }

    #[test]
    fn deadlines_follow_severity_and_made_safe_meets_a_severe_one() {
        let d = Deadlines::default();
        let h = |n: u64| Some(Duration::from_secs(n * 3600));
        assert_eq!(d.due_after(Severity::Severe, WorkState::Open), h(24));
        assert_eq!(
            d.due_after(Severity::Severe, WorkState::Acknowledged),
            h(24)
        );
        assert_eq!(d.due_after(Severity::Severe, WorkState::MadeSafe), None);
        assert_eq!(
            d.due_after(Severity::Moderate, WorkState::MadeSafe),
            h(14 * 24)
        );
        assert_eq!(d.due_after(Severity::Minor, WorkState::Open), h(90 * 24));
        assert_eq!(d.due_after(Severity::Minor, WorkState::Fixed), None);
        assert_eq!(d.due_after(Severity::Severe, WorkState::Duplicate), None);
        assert_eq!(d.due_after(Severity::NotPothole, WorkState::Open), None);
    }

    #[test]
    fn durations_are_a_number_and_a_unit_or_off() {
        let s = |n| Ok(Some(Duration::from_secs(n)));
        assert_eq!(parse_duration("90s", false), s(90));
        assert_eq!(parse_duration("15m", false), s(900));
        assert_eq!(parse_duration(" 24h ", false), s(86_400));
        assert_eq!(parse_duration("14d", false), s(14 * 86_400));
        assert_eq!(parse_duration("off", true), Ok(None));
        assert_eq!(parse_duration("OFF", true), Ok(None));
        assert_eq!(
            parse_duration("off", false),
            Err(DurationError::OffNotAllowed)
        );
        assert_eq!(parse_duration("0s", true), Err(DurationError::Zero));
        for bad in [
            "",
            "h",
            "24",
            "24 h",
            "1.5h",
            "-1h",
            "24H",
            "1w",
            "99999999999999999999d",
        ] {
            assert!(
                matches!(
                    parse_duration(bad, true),
                    Err(DurationError::Malformed { .. })
                ),
                "{bad:?}"
            );
        }
        assert!(
            DurationError::Malformed { off: ", or off" }
                .to_string()
                .contains("90s, 15m, 24h, 14d), or off")
        );
    }

    #[test]
    fn haversine_matches_known_distances() {
        let p = |lat, lon| GeoPoint::parse(lat, lon).unwrap();
        // One degree of latitude is about 111.2 km.
        let d = distance_m(p(0.0, 0.0), p(1.0, 0.0));
        assert!((d - 111_195.0).abs() < 10.0, "{d}");
        // Paris to London: about 343.5 km.
        let d = distance_m(p(48.8566, 2.3522), p(51.5074, -0.1278));
        assert!((d - 343_500.0).abs() < 1_000.0, "{d}");
        assert_eq!(distance_m(p(52.5, 13.4), p(52.5, 13.4)), 0.0);
        // Across the antimeridian.
        let d = distance_m(p(0.0, 179.9999), p(0.0, -179.9999));
        assert!(d < 30.0, "{d}");
    }

    #[test]
    fn the_bounding_box_holds_every_point_within_the_radius() {
        let radius = 30.0;
        for (lat, lon) in [
            (52.52, 13.405),
            (0.0, 0.0),
            (-33.9, 151.2),
            (89.9999, 10.0),
            (10.0, 179.9999),
            (69.6, 18.9),
        ] {
            let c = GeoPoint::parse(lat, lon).unwrap();
            let b = bounding_box(c, radius);
            for i in 0..360 {
                let bearing = (i as f64).to_radians();
                // A point just inside the radius in each direction.
                let dlat = (radius * 0.999 * bearing.cos()) / 111_195.0;
                let dlon = (radius * 0.999 * bearing.sin()) / (111_195.0 * lat.to_radians().cos());
                let mut lon2 = lon + dlon;
                if lon2 > 180.0 {
                    lon2 -= 360.0;
                }
                let Some(q) = GeoPoint::parse((lat + dlat).min(90.0), lon2) else {
                    continue;
                };
                if distance_m(c, q) > radius {
                    continue;
                }
                assert!(
                    (b.lat_min..=b.lat_max).contains(&q.lat())
                        && (b.lon_min..=b.lon_max).contains(&q.lon()),
                    "{q:?} outside {b:?}"
                );
            }
        }
        let b = bounding_box(GeoPoint::parse(52.52, 13.405).unwrap(), 30.0);
        assert!(
            b.lat_max - b.lat_min < 0.001 && b.lon_max - b.lon_min < 0.001,
            "{b:?}"
        );
    }
}
