//! The one export writer: the public view as CSV or GeoJSON, report by report, to any
//! `std::io::Write`. `pothole-bot export` writes to a file or stdout, `/reports.geojson` to
//! the response body, the staff chat's `/export` to the document it uploads.

use std::io::{BufWriter, Write};

use super::{feature, row};
use crate::domain::public::PublicReport;
use crate::store::public::Visit;

/// The two export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    GeoJson,
}

impl Format {
    /// Whether the format holds only located reports (GeoJSON features need a point).
    pub fn located_only(self) -> bool {
        self == Format::GeoJson
    }
}

enum Sink<W: Write> {
    Csv(Box<::csv::Writer<W>>),
    GeoJson { out: BufWriter<W>, first: bool },
}

/// Writes reports as they come from [`crate::store::Reader::scan_public`]; the first write
/// error (a closed pipe, a full disk, a client gone) stops the scan and is returned by
/// [`Exporter::finish`].
pub struct Exporter<W: Write> {
    sink: Sink<W>,
    /// `PUBLIC_BASE_URL` when photos are public: each feature links its photo.
    photos_base: Option<String>,
    written: u64,
    error: Option<std::io::Error>,
    buf: Vec<u8>,
}

impl<W: Write> Exporter<W> {
    pub fn new(format: Format, out: W) -> Exporter<W> {
        let mut error = None;
        let sink = match format {
            Format::Csv => Sink::Csv(Box::new(::csv::Writer::from_writer(out))),
            Format::GeoJson => {
                let mut out = BufWriter::with_capacity(64 * 1024, out);
                error = out.write_all(feature::HEAD).err();
                Sink::GeoJson { out, first: true }
            }
        };
        Exporter {
            sink,
            photos_base: None,
            written: 0,
            error,
            buf: Vec::with_capacity(512),
        }
    }

    /// Links each feature's photo under `base` (`/photos/{id}.jpg`) when it may be shown.
    pub fn with_photos(mut self, base: Option<String>) -> Exporter<W> {
        self.photos_base = base;
        self
    }

    /// Ends the document, flushes it, and hands back the writer and how many reports it
    /// holds.
    pub fn finish(self) -> std::io::Result<(W, u64)> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let out = match self.sink {
            Sink::Csv(mut w) => {
                if self.written == 0 {
                    w.write_record(row::HEADER).map_err(std::io::Error::other)?;
                }
                w.flush()?;
                w.into_inner().map_err(|e| e.into_error())?
            }
            Sink::GeoJson { mut out, .. } => {
                out.write_all(feature::TAIL)?;
                out.into_inner().map_err(|e| e.into_error())?
            }
        };
        Ok((out, self.written))
    }

    fn write(&mut self, report: &PublicReport) -> std::io::Result<bool> {
        match &mut self.sink {
            Sink::Csv(w) => {
                w.serialize(row::Row::from(report))
                    .map_err(std::io::Error::other)?;
                Ok(true)
            }
            Sink::GeoJson { out, first } => {
                let url = self
                    .photos_base
                    .as_ref()
                    .filter(|_| report.photo_is_public())
                    .map(|base| format!("{base}/photos/{}.jpg", report.id));
                self.buf.clear();
                if !feature::write_feature(&mut self.buf, *first, report, url.as_deref()) {
                    return Ok(false);
                }
                *first = false;
                out.write_all(&self.buf)?;
                Ok(true)
            }
        }
    }
}

impl<W: Write + Send + 'static> Visit for Exporter<W> {
    fn visit(&mut self, report: PublicReport) -> bool {
        match self.write(&report) {
            Ok(wrote) => {
                self.written += u64::from(wrote);
                true
            }
            Err(e) => {
                self.error = Some(e);
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::public::WorkState;
    use crate::domain::{GeoPoint, Severity};

    fn report(id: i64, located: bool) -> PublicReport {
        let at = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
        PublicReport {
            id,
            severity: Severity::Severe,
            work_state: WorkState::MadeSafe,
            duplicate_of: None,
            location: located.then(|| GeoPoint::parse(52.5, 13.4).unwrap()),
            reason: Some("Deep, across the lane".into()),
            requested_at: at,
            updated_at: at,
        }
    }

    fn export(format: Format, reports: &[PublicReport]) -> (String, u64) {
        let mut e = Exporter::new(format, Vec::new());
        for r in reports {
            assert!(e.visit(r.clone()));
        }
        let (bytes, n) = e.finish().unwrap();
        (String::from_utf8(bytes).unwrap(), n)
    }

    #[test]
    fn csv_has_a_header_and_one_line_per_report_located_or_not() {
        let (text, n) = export(Format::Csv, &[report(1, true), report(2, false)]);
        assert_eq!(n, 2);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], row::HEADER.join(","));
        assert_eq!(lines.len(), 3);
        assert!(
            lines[1].starts_with(
                "1,severe,made_safe,open,\"Made safe, not yet repaired.\",52.5,13.4,2026-07-01T12:00:00Z,"
            ),
            "{}",
            lines[1]
        );
        let (empty, n) = export(Format::Csv, &[]);
        assert_eq!(n, 0);
        assert_eq!(empty.trim_end(), row::HEADER.join(","));
    }

    #[test]
    fn geojson_has_the_located_reports_with_longitude_first() {
        let (text, n) = export(Format::GeoJson, &[report(1, true), report(2, false)]);
        assert_eq!(n, 1);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["type"], "FeatureCollection");
        let f = v["features"].as_array().unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0]["geometry"]["coordinates"],
            serde_json::json!([13.4, 52.5])
        );
        assert_eq!(f[0]["properties"]["status"], "open");
        let (empty, _) = export(Format::GeoJson, &[]);
        let v: serde_json::Value = serde_json::from_str(&empty).unwrap();
        assert_eq!(v["features"], serde_json::json!([]));
    }

    #[test]
    fn photos_are_linked_only_when_asked_and_never_for_a_rejected_report() {
        let mut rejected = report(3, true);
        rejected.work_state = WorkState::Rejected;
        let mut e = Exporter::new(Format::GeoJson, Vec::new())
            .with_photos(Some("https://potholes.example".into()));
        e.visit(report(1, true));
        e.visit(rejected);
        let (bytes, _) = e.finish().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            v["features"][0]["properties"]["photo_url"],
            "https://potholes.example/photos/1.jpg"
        );
        assert!(v["features"][1]["properties"].get("photo_url").is_none());
    }
}
