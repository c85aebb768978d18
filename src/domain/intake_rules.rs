//! What intake does with a photo, decided from facts the store looked up: a redelivered
//! message, a photo reported before, the hourly limit, and which pin (if any) the new report
//! starts with. Pure, so every rule is unit-tested here; the store only reads the facts and
//! writes the outcome.

use super::GeoPoint;

/// The rules' settings at the moment of the photo.
#[derive(Debug, Clone, Copy)]
pub struct IntakeRules {
    pub now_unix: i64,
    /// `REPORT_LIMIT_PER_HOUR`.
    pub reports_per_hour: u32,
    /// `LOCATION_BEFORE_PHOTO_MINUTES`, in seconds: how long a pin sent first is held.
    pub pin_before_secs: i64,
    /// `LOCATION_AFTER_PHOTO_MINUTES`, in seconds: how long a report waits for a pin.
    pub pin_after_secs: i64,
}

/// A pin the citizen sent before any photo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeldPin {
    pub point: GeoPoint,
    pub received_unix: i64,
}

/// What the store knows about a new photo.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PhotoFacts {
    /// The report this very message already became (Telegram redelivered the update).
    pub stored_as: Option<i64>,
    /// The first report of the same photo (`file_unique_id`), and whether it is this citizen's.
    pub same_photo: Option<(i64, bool)>,
    /// This citizen's reports in the last hour.
    pub reports_last_hour: u32,
    /// A pin this citizen sent before the photo, if one is held.
    pub held_pin: Option<HeldPin>,
    /// The pin an earlier photo of the same album got.
    pub album_pin: Option<GeoPoint>,
}

/// Where a new report's first location comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinSource {
    /// A pin sent before the photo.
    Held,
    /// The pin of an earlier photo of the same album.
    Album,
}

/// What to do with the photo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PhotoDecision {
    /// Nothing new: this message is report `id` already.
    AlreadyStored { id: i64 },
    /// Tell the citizen it is report `id` already.
    SamePhoto { id: i64, yours: bool },
    /// Tell the citizen about the hourly limit; store nothing.
    RateLimited { per_hour: u32 },
    /// Store a new report, with this first location.
    Create {
        location: Option<(GeoPoint, PinSource)>,
    },
}

/// Decides what becomes of a photo. A held pin is used only while it is fresh; a stale one is
/// dropped (the store deletes it with the new report either way).
pub fn decide_photo(facts: &PhotoFacts, rules: &IntakeRules) -> PhotoDecision {
    if let Some(id) = facts.stored_as {
        return PhotoDecision::AlreadyStored { id };
    }
    if let Some((id, yours)) = facts.same_photo {
        return PhotoDecision::SamePhoto { id, yours };
    }
    if facts.reports_last_hour >= rules.reports_per_hour {
        return PhotoDecision::RateLimited {
            per_hour: rules.reports_per_hour,
        };
    }
    let held = facts
        .held_pin
        .filter(|p| p.received_unix >= rules.now_unix - rules.pin_before_secs)
        .map(|p| (p.point, PinSource::Held));
    let album = facts.album_pin.map(|p| (p, PinSource::Album));
    PhotoDecision::Create {
        location: held.or(album),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn rules() -> IntakeRules {
        IntakeRules {
            now_unix: NOW,
            reports_per_hour: 10,
            pin_before_secs: 600,
            pin_after_secs: 600,
        }
    }

    fn point(lat: f64) -> GeoPoint {
        GeoPoint::parse(lat, 18.4).unwrap()
    }

    #[test]
    fn a_new_photo_is_stored_without_a_location() {
        let d = decide_photo(&PhotoFacts::default(), &rules());
        assert_eq!(d, PhotoDecision::Create { location: None });
    }

    #[test]
    fn a_redelivered_message_is_never_stored_twice_even_over_the_limit() {
        let facts = PhotoFacts {
            stored_as: Some(4),
            same_photo: Some((4, true)),
            reports_last_hour: 99,
            ..PhotoFacts::default()
        };
        assert_eq!(
            decide_photo(&facts, &rules()),
            PhotoDecision::AlreadyStored { id: 4 }
        );
    }

    #[test]
    fn the_same_photo_again_points_to_its_report_before_the_limit_is_checked() {
        let facts = PhotoFacts {
            same_photo: Some((7, false)),
            reports_last_hour: 99,
            ..PhotoFacts::default()
        };
        assert_eq!(
            decide_photo(&facts, &rules()),
            PhotoDecision::SamePhoto {
                id: 7,
                yours: false
            }
        );
    }

    #[test]
    fn the_hourly_limit_refuses_the_photo_at_the_limit_not_before() {
        let at = |n| PhotoFacts {
            reports_last_hour: n,
            ..PhotoFacts::default()
        };
        assert!(matches!(
            decide_photo(&at(9), &rules()),
            PhotoDecision::Create { .. }
        ));
        assert_eq!(
            decide_photo(&at(10), &rules()),
            PhotoDecision::RateLimited { per_hour: 10 }
        );
    }

    #[test]
    fn a_fresh_held_pin_is_used_and_a_stale_one_is_not() {
        let held = |age| PhotoFacts {
            held_pin: Some(HeldPin {
                point: point(-33.9),
                received_unix: NOW - age,
            }),
            ..PhotoFacts::default()
        };
        assert_eq!(
            decide_photo(&held(600), &rules()),
            PhotoDecision::Create {
                location: Some((point(-33.9), PinSource::Held))
            }
        );
        assert_eq!(
            decide_photo(&held(601), &rules()),
            PhotoDecision::Create { location: None }
        );
    }

    #[test]
    fn a_later_photo_of_an_album_shares_the_albums_pin_but_a_fresh_held_pin_wins() {
        let album = PhotoFacts {
            album_pin: Some(point(-33.0)),
            ..PhotoFacts::default()
        };
        assert_eq!(
            decide_photo(&album, &rules()),
            PhotoDecision::Create {
                location: Some((point(-33.0), PinSource::Album))
            }
        );
        let both = PhotoFacts {
            held_pin: Some(HeldPin {
                point: point(-34.0),
                received_unix: NOW,
            }),
            ..album
        };
        assert_eq!(
            decide_photo(&both, &rules()),
            PhotoDecision::Create {
                location: Some((point(-34.0), PinSource::Held))
            }
        );
    }
}
