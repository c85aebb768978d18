//! Local time: parsing `TIMEZONE` and the daily `DIGEST_AT`, and when it next falls. Showing
//! times to people is [`super::lang::Lang::short_time`]'s (in the reader's locale).
//! Offsets come from the IANA database (chrono-tz), so daylight saving is right on both
//! sides of a change; the domain never reads the clock, callers pass `now`.

use chrono::{DateTime, Days, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Parses `TIMEZONE` (an IANA name such as `Europe/Berlin`, or `UTC`).
pub fn parse_timezone(s: &str) -> Result<Tz, String> {
    s.trim()
        .parse::<Tz>()
        .map_err(|_| format!("{s:?} is not an IANA time zone (for example Europe/Berlin or UTC)"))
}

/// Parses a daily time `HH:MM` (24-hour), or `off` (`None`).
pub fn parse_daily_at(s: &str) -> Result<Option<NaiveTime>, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    let ok = s.len() == 5 && s.as_bytes()[2] == b':';
    ok.then(|| NaiveTime::parse_from_str(s, "%H:%M").ok())
        .flatten()
        .map(Some)
        .ok_or_else(|| format!("expected a time of day HH:MM (08:00) or off, not {s:?}"))
}

/// The local date of `t` in `tz`.
pub fn local_date(t: DateTime<Utc>, tz: Tz) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// The instant of `time` on local `date` in `tz`. In the hour skipped when clocks go
/// forward, the time does not exist: the first instant after the gap is taken. In the hour
/// repeated when they go back, the first of the two.
pub fn local_instant(date: NaiveDate, time: NaiveTime, tz: Tz) -> DateTime<Utc> {
    let mut naive = date.and_time(time);
    // Gaps are at most a few hours (usually one); step forward a minute at a time to the end.
    for _ in 0..=24 * 60 {
        match tz.from_local_datetime(&naive) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
            LocalResult::None => naive += chrono::Duration::minutes(1),
        }
    }
    Utc.from_utc_datetime(&date.and_time(time))
}

/// The next time the daily job at `time` is due, given the local date it last ran on
/// (`None`: never). A day whose time has passed without a run is due at once (a bot that was
/// down at 08:00 sends the digest when it starts), but only once: no backlog of days.
pub fn next_daily(
    now: DateTime<Utc>,
    time: NaiveTime,
    tz: Tz,
    last_run: Option<NaiveDate>,
) -> (NaiveDate, DateTime<Utc>) {
    let today = local_date(now, tz);
    if last_run.is_some_and(|d| d >= today) {
        let tomorrow = today + Days::new(1);
        return (tomorrow, local_instant(tomorrow, time, tz));
    }
    (today, local_instant(today, time, tz))
}

/// `secs` rounded down to what [`crew_texts::age`](super::crew_texts::age) shows (the minute under an hour, the hour under two
/// days, else the day): every time in one such step reads the same. The store keeps its
/// `/stats` medians at this resolution (its `work_times` buckets repeat this rule in SQL).
pub fn age_floor(secs: i64) -> i64 {
    let secs = secs.max(0);
    match secs {
        s if s < 3600 => s / 60 * 60,
        s if s < 2 * 86_400 => s / 3600 * 3600,
        s => s / 86_400 * 86_400,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn time_zones_and_daily_times_parse_or_say_what_is_wrong() {
        assert_eq!(
            parse_timezone("Europe/Berlin"),
            Ok(chrono_tz::Europe::Berlin)
        );
        assert_eq!(parse_timezone("UTC"), Ok(chrono_tz::UTC));
        assert!(parse_timezone("Mars/Olympus").unwrap_err().contains("IANA"));
        assert_eq!(parse_daily_at("08:00"), Ok(Some(hm(8, 0))));
        assert_eq!(parse_daily_at("23:59"), Ok(Some(hm(23, 59))));
        assert_eq!(parse_daily_at("off"), Ok(None));
        for bad in ["8:00", "24:00", "08:60", "0800", "08:00:00", "", "noon"] {
            assert!(parse_daily_at(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_digest_keeps_its_local_time_across_daylight_saving() {
        let berlin = chrono_tz::Europe::Berlin;
        // Clocks go forward on 29 March 2026: 08:00 is 07:00 UTC before, 06:00 UTC after.
        let before = local_instant(
            NaiveDate::from_ymd_opt(2026, 3, 28).unwrap(),
            hm(8, 0),
            berlin,
        );
        let after = local_instant(
            NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(),
            hm(8, 0),
            berlin,
        );
        assert_eq!(before, utc("2026-03-28T07:00:00Z"));
        assert_eq!(after, utc("2026-03-29T06:00:00Z"));
        assert_eq!(after - before, chrono::Duration::hours(23));
        // 02:30 does not exist that day: the first instant after the gap (03:00 CEST).
        let gap = local_instant(
            NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(),
            hm(2, 30),
            berlin,
        );
        assert_eq!(gap, utc("2026-03-29T01:00:00Z"));
        // 02:30 happens twice on 25 October 2026: the first (CEST).
        let twice = local_instant(
            NaiveDate::from_ymd_opt(2026, 10, 25).unwrap(),
            hm(2, 30),
            berlin,
        );
        assert_eq!(twice, utc("2026-10-25T00:30:00Z"));
    }

    #[test]
    fn the_next_digest_is_today_until_it_ran_then_tomorrow() {
        let tz = chrono_tz::Europe::Berlin;
        let now = utc("2026-03-28T23:30:00Z"); // already 29 March, 00:30, in Berlin
        let d29 = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        assert_eq!(
            next_daily(now, hm(8, 0), tz, None),
            (d29, utc("2026-03-29T06:00:00Z"))
        );
        let d28 = NaiveDate::from_ymd_opt(2026, 3, 28).unwrap();
        assert_eq!(next_daily(now, hm(8, 0), tz, Some(d28)).0, d29);
        // Ran today: tomorrow.
        let late = utc("2026-03-29T12:00:00Z");
        assert_eq!(
            next_daily(late, hm(8, 0), tz, Some(d29)),
            (d29 + Days::new(1), utc("2026-03-30T06:00:00Z"))
        );
        // Missed today (the bot was down at 08:00): due now, once.
        let (day, due) = next_daily(late, hm(8, 0), tz, Some(d28));
        assert_eq!(day, d29);
        assert!(due <= late);
    }

    #[test]
    fn an_age_rounded_down_to_its_step_reads_the_same() {
        for s in (-10..10_000)
            .chain((3000..200_000).step_by(7))
            .chain((0..50_000_000).step_by(99_991))
        {
            let age = |s| super::super::crew_texts::age(super::super::Locale::ENGLISH, s);
            assert_eq!(age(age_floor(s)), age(s), "{s}");
            assert!(age_floor(s) <= s.max(0));
        }
        assert_eq!(age_floor(3599), 3540);
        assert_eq!(age_floor(2 * 86_400 - 1), 47 * 3600);
        assert_eq!(age_floor(3 * 86_400 + 5), 3 * 86_400);
    }
}
