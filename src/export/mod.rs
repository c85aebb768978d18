//! Exports of the public view: CSV and GeoJSON, written report by report to any
//! `std::io::Write` so that memory stays flat however many reports there are. Used by
//! `pothole-bot export`; `/reports.geojson` shares the feature writer.

pub mod feature;
pub mod row;
pub mod staff;
pub mod stream;

pub use staff::{ExportRow, csv, geojson, open_or_closed};
