//! Nearby duplicates: the open pothole nearest a newly located one, and what joining it
//! means (the original's alert, a raised severity).

use rusqlite::{Connection, named_params};

use super::super::outbox::{Destination, Outgoing, enqueue};
use super::super::{Db, StoreError, event};
use super::actions::joined;
use super::{LoopRules, load, utc};
use crate::domain::work::{self, Actor, WorkAction, WorkState};
use crate::domain::{GeoPoint, should_alert};

impl Db {
    /// The nearest open pothole within `radius_m` of `p` other than `except` (the duplicate
    /// check's read, on its own).
    pub async fn nearest_open(
        &self,
        p: GeoPoint,
        radius_m: f64,
        except: i64,
    ) -> Result<Option<(i64, f64)>, StoreError> {
        self.call(move |conn| Ok(nearby_open(conn, p, radius_m, except)?))
            .await
    }
}

/// The nearest open pothole within `radius_m` of `p`, other than `except`: an indexed
/// latitude/longitude box first, then the exact distance.
pub(crate) fn nearby_open(
    tx: &Connection,
    p: GeoPoint,
    radius_m: f64,
    except: i64,
) -> rusqlite::Result<Option<(i64, f64)>> {
    if radius_m <= 0.0 {
        return Ok(None);
    }
    let b = work::bounding_box(p, radius_m);
    let mut stmt = tx.prepare_cached(
        "SELECT id, latitude, longitude FROM reports
          WHERE work_state IN ('open', 'acknowledged', 'made_safe')
            AND latitude BETWEEN :lat_min AND :lat_max
            AND longitude BETWEEN :lon_min AND :lon_max
            AND id != :except
          LIMIT 1000",
    )?;
    let rows = stmt.query_map(
        named_params! {
            ":lat_min": b.lat_min, ":lat_max": b.lat_max, ":lon_min": b.lon_min,
            ":lon_max": b.lon_max, ":except": except,
        },
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, f64>(1)?,
                r.get::<_, f64>(2)?,
            ))
        },
    )?;
    let mut best: Option<(i64, f64)> = None;
    for row in rows {
        let (id, lat, lon) = row?;
        let Some(q) = GeoPoint::parse(lat, lon) else {
            continue;
        };
        let d = work::distance_m(p, q);
        if d <= radius_m && best.is_none_or(|(bid, bd)| d < bd || (d == bd && id < bid)) {
            best = Some((id, d));
        }
    }
    Ok(best)
}

/// What became of a newly located pothole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Located {
    /// No open pothole nearby: it stands on its own.
    Alone,
    /// It joined open pothole `original`.
    Joined { original: i64 },
}

/// Runs the duplicate check for report `id` that just got its location (at grading, or a pin
/// after it). A duplicate joins the nearest open pothole: the original's alert gets a reply,
/// and a duplicate graded more severe raises the original's severity (and alerts it when it
/// now crosses the threshold). Returns whether it joined one.
pub(crate) fn check_duplicate(
    tx: &Connection,
    id: i64,
    p: GeoPoint,
    rules: &LoopRules,
    now_unix: i64,
) -> rusqlite::Result<Located> {
    let Some((original, _)) = nearby_open(tx, p, rules.duplicate_radius_m, id)? else {
        return Ok(Located::Alone);
    };
    let (Some(row), Some(orig)) = (load(tx, id)?, load(tx, original)?) else {
        return Ok(Located::Alone);
    };
    if row.state != WorkState::Open {
        return Ok(Located::Alone);
    }
    let action = WorkAction::MarkDuplicate { of: original };
    let Ok(t) = work::transition(id, &row.status(), action, &Actor::System, utc(now_unix)) else {
        return Ok(Located::Alone);
    };
    tx.prepare_cached(
        "UPDATE reports SET work_state = 'duplicate', duplicate_of = ?2, work_actor = ?3,
                work_changed_unix = ?4, due_unix = NULL, remind_unix = NULL, follow_up_unix = NULL
          WHERE id = ?1",
    )?
    .execute((id, original, Actor::System.display_name(), now_unix))?;
    let detail = format!(r#"{{"of":{original},"found":"nearby"}}"#);
    event(tx, Some(id), "system", t.action.event_kind(), Some(&detail))?;
    if row.severity > orig.severity {
        let due = rules
            .deadlines
            .due_after(row.severity, orig.state)
            .map(|d| orig.opened_unix + d.as_secs() as i64);
        tx.prepare_cached(
            "UPDATE reports SET severity = ?2, due_unix = ?3,
                    remind_unix = CASE WHEN remind_unix IS NOT NULL OR alert_message_id IS NULL THEN ?3 END
              WHERE id = ?1",
        )?
        .execute((original, row.severity.as_str(), due))?;
        let detail = format!(r#"{{"severity":"{}","from":{id}}}"#, row.severity);
        event(
            tx,
            Some(original),
            "system",
            "severity_raised",
            Some(&detail),
        )?;
        // Alerted (or queued) at grading when its own grade crossed the threshold; a raise
        // that crosses it now alerts it once (its severity is the raised one from now on).
        if orig.alert_message_id.is_none()
            && !should_alert(orig.severity, rules.alert_threshold)
            && should_alert(row.severity, rules.alert_threshold)
        {
            enqueue(
                tx,
                Some(original),
                Destination::Staff,
                &Outgoing::Alert {
                    report_id: original,
                    reopened: false,
                },
            )?;
            if let Some(after) = rules.follow_up_after {
                tx.prepare_cached(
                    "UPDATE reports SET follow_up_unix = ?2 WHERE id = ?1 AND follow_up_asked = 0",
                )?
                .execute((original, now_unix + after.as_secs() as i64))?;
            }
        }
    }
    joined(tx, original, id)?;
    Ok(Located::Joined { original })
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::{Origin, plans};
    use super::*;

    #[test]
    fn the_duplicate_prefilter_uses_the_place_index() {
        let conn = plans::migrated();
        plans::assert_indexed(
            &conn,
            "SELECT id, latitude, longitude FROM reports
              WHERE work_state IN ('open', 'acknowledged', 'made_safe')
                AND latitude BETWEEN ?1 AND ?2 AND longitude BETWEEN ?3 AND ?4 AND id != ?5
              LIMIT 1000",
            "reports_work_place",
        );
    }

    #[tokio::test]
    async fn a_nearby_pothole_joins_the_open_one_and_a_far_one_does_not() {
        let t = test_db();
        let db = &t.db;
        pothole(db, 1, 500, Some((52.52, 13.405))).await;
        pothole(db, 2, 501, Some((52.52010, 13.405))).await; // about 11 m north
        pothole(db, 3, 502, Some((52.53, 13.405))).await; // about 1.1 km
        let rules = LoopRules::default();
        let joined = db
            .call(move |c| {
                let tx = c.transaction()?;
                let a = check_duplicate(
                    &tx,
                    2,
                    GeoPoint::parse(52.52010, 13.405).unwrap(),
                    &rules,
                    T0,
                )?;
                let b =
                    check_duplicate(&tx, 3, GeoPoint::parse(52.53, 13.405).unwrap(), &rules, T0)?;
                tx.commit()?;
                Ok((a, b))
            })
            .await
            .unwrap();
        assert_eq!(joined, (Located::Joined { original: 1 }, Located::Alone));
        let sent = outbox(db).await;
        assert!(
            sent.iter()
                .any(|(_, p)| p.contains("2 citizens have reported #1")),
            "{sent:?}"
        );
        // The joined citizen hears about the original's changes.
        db.work_action(1, WorkAction::Fix, ana(), Origin::Command, rules, T0 + 60)
            .await
            .unwrap();
        let sent = outbox(db).await;
        assert!(
            sent.iter()
                .any(|(c, p)| *c == Some(501) && p.contains("which your report #2 joined")),
            "{sent:?}"
        );
        assert!(sent.iter().any(|(c, _)| *c == Some(500)));
        // Off means off.
        let off = LoopRules {
            duplicate_radius_m: 0.0,
            ..rules
        };
        let alone = db
            .call(move |c| {
                Ok(check_duplicate(
                    c,
                    3,
                    GeoPoint::parse(52.52, 13.405).unwrap(),
                    &off,
                    T0,
                )?)
            })
            .await
            .unwrap();
        assert_eq!(alone, Located::Alone);
    }
}
