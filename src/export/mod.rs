//! Exports of the public view: CSV and GeoJSON, written report by report to any
//! `std::io::Write` so that memory stays flat however many reports there are. One row
//! ([`row::Row`]), one feature ([`feature`]) and one writer ([`stream::Exporter`]) serve
//! `pothole-bot export`, `/reports.geojson` and the staff chat's `/export`; all of them are
//! built from [`crate::domain::public::PublicReport`], the one view of what may be shown.

pub mod feature;
pub mod row;
pub mod stream;

pub use stream::{Exporter, Format};
