//! The `callback_data` of every inline button the bot posts, in one versioned codec.
//!
//! Telegram keeps a button's data for as long as the message exists, so an alert posted by an
//! older version must keep working after an upgrade: data is `v1:<verb>:<report>[:<arg>]`,
//! and the unversioned data of the first staff buttons (`fixed:42`, `reject:42`, `done:42`)
//! is still read. Everything stays far below Telegram's 64-byte limit.

use super::work::{RejectReason, WorkAction};

/// What a button press asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    /// A crew member's action on the pothole under the alert.
    Work { report: i64, action: WorkAction },
    /// "Not a pothole": show the choice of reasons.
    RejectMenu { report: i64 },
    /// Back from the reasons to the alert's buttons.
    Back { report: i64 },
    /// A button that only shows a state (a closed alert's label).
    Label { report: i64 },
    /// The citizen's "Still broken".
    StillBroken { report: i64 },
    /// The citizen's answer to "Is it fixed now?".
    FollowUp { report: i64, fixed: bool },
    /// `/open`, the page starting at `offset`.
    OpenPage { offset: u32 },
}

/// Telegram's limit on `callback_data`.
pub const MAX_LEN: usize = 64;

impl Callback {
    pub fn encode(self) -> String {
        let s = match self {
            Callback::Work { report, action } => match action {
                WorkAction::Take => format!("v1:ack:{report}"),
                WorkAction::MakeSafe => format!("v1:safe:{report}"),
                WorkAction::Fix => format!("v1:fix:{report}"),
                WorkAction::Reject { reason: r } => format!("v1:rej:{report}:{}", reason_code(r)),
                WorkAction::Reopen => format!("v1:reopen:{report}"),
                WorkAction::MarkDuplicate { of } => format!("v1:dup:{report}:{of}"),
            },
            Callback::RejectMenu { report } => format!("v1:rejm:{report}"),
            Callback::Back { report } => format!("v1:back:{report}"),
            Callback::Label { report } => format!("v1:info:{report}"),
            Callback::StillBroken { report } => format!("v1:broken:{report}"),
            Callback::FollowUp { report, fixed } => {
                format!("v1:fu:{report}:{}", if fixed { "y" } else { "n" })
            }
            Callback::OpenPage { offset } => format!("v1:open:{offset}"),
        };
        debug_assert!(s.len() <= MAX_LEN);
        s
    }

    /// Reads data back; `None` for anything this bot never wrote (forged, or garbled).
    pub fn decode(data: &str) -> Option<Callback> {
        if data.len() > MAX_LEN {
            return None;
        }
        let mut parts = data.split(':');
        let first = parts.next()?;
        if first != "v1" {
            // The first version's staff buttons: `fixed:42`, `reject:42`, `done:42`.
            let report = id(parts.next()?)?;
            if parts.next().is_some() {
                return None;
            }
            return match first {
                "fixed" => Some(Callback::Work {
                    report,
                    action: WorkAction::Fix,
                }),
                "reject" => Some(Callback::Work {
                    report,
                    action: WorkAction::Reject {
                        reason: RejectReason::NotPothole,
                    },
                }),
                "done" => Some(Callback::Label { report }),
                _ => None,
            };
        }
        let verb = parts.next()?;
        let n = parts.next()?;
        let arg = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let work = |action| Callback::Work { report: 0, action };
        let cb = match (verb, arg) {
            ("open", None) => {
                return Some(Callback::OpenPage {
                    offset: n.parse().ok()?,
                });
            }
            ("ack", None) => work(WorkAction::Take),
            ("safe", None) => work(WorkAction::MakeSafe),
            ("fix", None) => work(WorkAction::Fix),
            ("rej", Some(r)) => work(WorkAction::Reject {
                reason: reason_from_code(r)?,
            }),
            ("reopen", None) => work(WorkAction::Reopen),
            ("dup", Some(of)) => work(WorkAction::MarkDuplicate { of: id(of)? }),
            ("rejm", None) => Callback::RejectMenu { report: 0 },
            ("back", None) => Callback::Back { report: 0 },
            ("info", None) => Callback::Label { report: 0 },
            ("broken", None) => Callback::StillBroken { report: 0 },
            ("fu", Some("y")) => Callback::FollowUp {
                report: 0,
                fixed: true,
            },
            ("fu", Some("n")) => Callback::FollowUp {
                report: 0,
                fixed: false,
            },
            _ => return None,
        };
        Some(cb.with_report(id(n)?))
    }

    /// The report the button is about (`None` for `/open` pages).
    pub fn report(self) -> Option<i64> {
        match self {
            Callback::Work { report, .. }
            | Callback::RejectMenu { report }
            | Callback::Back { report }
            | Callback::Label { report }
            | Callback::StillBroken { report }
            | Callback::FollowUp { report, .. } => Some(report),
            Callback::OpenPage { .. } => None,
        }
    }

    /// Buttons pressed by citizens in their own chat; all others are the staff chat's.
    pub fn is_citizens(self) -> bool {
        matches!(
            self,
            Callback::StillBroken { .. } | Callback::FollowUp { .. }
        )
    }

    fn with_report(self, id: i64) -> Callback {
        match self {
            Callback::Work { action, .. } => Callback::Work { report: id, action },
            Callback::RejectMenu { .. } => Callback::RejectMenu { report: id },
            Callback::Back { .. } => Callback::Back { report: id },
            Callback::Label { .. } => Callback::Label { report: id },
            Callback::StillBroken { .. } => Callback::StillBroken { report: id },
            Callback::FollowUp { fixed, .. } => Callback::FollowUp { report: id, fixed },
            page @ Callback::OpenPage { .. } => page,
        }
    }
}

fn id(s: &str) -> Option<i64> {
    // Digits only: no sign, no spaces, no leading '+'.
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|id| *id > 0)
}

fn reason_code(r: RejectReason) -> &'static str {
    match r {
        RejectReason::NotPothole => "np",
        RejectReason::NotOurs => "no",
        RejectReason::NoAction => "na",
    }
}

fn reason_from_code(s: &str) -> Option<RejectReason> {
    RejectReason::ALL.into_iter().find(|r| reason_code(*r) == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_callback(report: i64) -> Vec<Callback> {
        let mut all: Vec<Callback> = WorkAction::ALL
            .into_iter()
            .map(|action| Callback::Work { report, action })
            .collect();
        all.extend([
            Callback::Work {
                report,
                action: WorkAction::MarkDuplicate { of: i64::MAX },
            },
            Callback::RejectMenu { report },
            Callback::Back { report },
            Callback::Label { report },
            Callback::StillBroken { report },
            Callback::FollowUp {
                report,
                fixed: true,
            },
            Callback::FollowUp {
                report,
                fixed: false,
            },
            Callback::OpenPage { offset: u32::MAX },
        ]);
        all
    }

    #[test]
    fn every_button_round_trips_within_64_bytes() {
        for report in [1, 42, i64::MAX] {
            for cb in every_callback(report) {
                let data = cb.encode();
                assert!(data.len() <= MAX_LEN, "{data}");
                assert!(data.starts_with("v1:"), "{data}");
                assert_eq!(Callback::decode(&data), Some(cb), "{data}");
            }
        }
        assert_eq!(
            Callback::Work {
                report: 42,
                action: WorkAction::Take
            }
            .encode(),
            "v1:ack:42"
        );
    }

    #[test]
    fn the_first_versions_data_still_works() {
        assert_eq!(
            Callback::decode("fixed:42"),
            Some(Callback::Work {
                report: 42,
                action: WorkAction::Fix
            })
        );
        assert_eq!(
            Callback::decode("reject:42"),
            Some(Callback::Work {
                report: 42,
                action: WorkAction::Reject {
                    reason: RejectReason::NotPothole
                }
            })
        );
        assert_eq!(
            Callback::decode("done:42"),
            Some(Callback::Label { report: 42 })
        );
    }

    #[test]
    fn forged_or_garbled_data_is_refused() {
        for junk in [
            "",
            "v1",
            "v1:",
            "v1:ack",
            "v1:ack:",
            "v1:ack:0",
            "v1:ack:-3",
            "v1:ack:+3",
            "v1:ack: 3",
            "v1:ack:3:extra",
            "v1:rej:3",
            "v1:rej:3:xx",
            "v1:fu:3:maybe",
            "v1:dup:3:0",
            "v1:open:-1",
            "v1:nuke:3",
            "v2:ack:3",
            "fixed",
            "fixed:",
            "fixed:4x",
            "fixed:4:5",
            "delete:4",
            "v1:ack:99999999999999999999",
        ] {
            assert_eq!(Callback::decode(junk), None, "{junk:?}");
        }
        assert_eq!(
            Callback::decode(&format!("v1:ack:{}", "1".repeat(70))),
            None
        );
    }

    #[test]
    fn citizens_buttons_are_told_apart_from_the_staffs() {
        for cb in every_callback(1) {
            let citizens = matches!(cb, Callback::StillBroken { .. } | Callback::FollowUp { .. });
            assert_eq!(cb.is_citizens(), citizens, "{cb:?}");
        }
        assert_eq!(Callback::OpenPage { offset: 3 }.report(), None);
        assert_eq!(Callback::Back { report: 3 }.report(), Some(3));
    }
}
