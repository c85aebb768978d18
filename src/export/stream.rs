//! The streaming exporter behind `pothole-bot export`.

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

type Out = Box<dyn Write + Send>;

enum Sink {
    Csv(Box<::csv::Writer<Out>>),
    GeoJson { out: BufWriter<Out>, first: bool },
}

/// Writes reports as they come from [`crate::store::Reader::scan_public`]; the first write
/// error (a closed pipe, a full disk) stops the scan and is returned by [`Exporter::finish`].
pub struct Exporter {
    sink: Sink,
    written: u64,
    error: Option<std::io::Error>,
}

impl Exporter {
    pub fn new(format: Format, out: Out) -> Exporter {
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
            written: 0,
            error,
        }
    }

    /// Ends the document, flushes it, and says how many reports it holds.
    pub fn finish(self) -> std::io::Result<u64> {
        if let Some(e) = self.error {
            return Err(e);
        }
        match self.sink {
            Sink::Csv(mut w) => w.flush()?,
            Sink::GeoJson { mut out, .. } => {
                out.write_all(feature::TAIL)?;
                out.flush()?;
            }
        }
        Ok(self.written)
    }

    fn write(&mut self, report: &PublicReport) -> std::io::Result<bool> {
        match &mut self.sink {
            Sink::Csv(w) => {
                w.serialize(row::Row::from(report))
                    .map_err(std::io::Error::other)?;
                Ok(true)
            }
            Sink::GeoJson { out, first } => {
                let mut buf = Vec::with_capacity(256);
                if !feature::write_feature(&mut buf, *first, report, None) {
                    return Ok(false);
                }
                *first = false;
                out.write_all(&buf)?;
                Ok(true)
            }
        }
    }
}

impl Visit for Exporter {
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
