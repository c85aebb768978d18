//! Getting an image ready for the model: recognise the format from its bytes, refuse
//! decompression bombs before decoding, and scale files down to what the detail can use.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::domain::photo::downscale_target;
use crate::domain::{GeoPoint, ImageDetail};

/// Largest image we agree to decode, in pixels (a 48-megapixel phone photo fits).
pub const MAX_PIXELS: u64 = 50_000_000;
/// Largest side we agree to decode.
pub const MAX_SIDE: u32 = 16_384;

/// An image the model can be sent.
#[derive(Debug, Clone)]
pub struct PreparedImage {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
    /// Where the photo was taken, from its EXIF GPS tags (files keep them; Telegram strips
    /// them from compressed photos).
    pub gps: Option<GeoPoint>,
}

/// Why an image cannot be graded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("HEIC images are not supported")]
    Heic,
    #[error("not a JPEG, PNG or WebP image")]
    Unsupported,
    #[error("image too large to decode ({width}×{height})")]
    TooLarge { width: u32, height: u32 },
    #[error("corrupt image: {0}")]
    Corrupt(String),
}

/// True when the bytes are an HEIC/HEIF container.
pub fn is_heic(bytes: &[u8]) -> bool {
    bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(
            &bytes[8..12],
            b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1"
        )
}

fn format_of(bytes: &[u8]) -> Result<ImageFormat, ImageError> {
    if is_heic(bytes) {
        return Err(ImageError::Heic);
    }
    match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => Ok(f),
        _ => Err(ImageError::Unsupported),
    }
}

fn mime_of(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "image/png",
        ImageFormat::WebP => "image/webp",
        _ => "image/jpeg",
    }
}

/// Prepares a Telegram photo size (already chosen for the detail, see
/// `domain::photo::for_grading`): Telegram made it, so it is sent as it is after a header
/// check — re-encoding would cost CPU and quality for a few kilobytes.
pub fn prepare_photo(bytes: Vec<u8>) -> Result<PreparedImage, ImageError> {
    let format = format_of(&bytes)?;
    let (width, height) = ImageReader::with_format(Cursor::new(&bytes), format)
        .into_dimensions()
        .map_err(|e| ImageError::Corrupt(e.to_string()))?;
    Ok(PreparedImage {
        mime: mime_of(format),
        bytes,
        width,
        height,
        gps: None,
    })
}

/// Prepares an image sent as a file: anything bigger than `detail` can use is decoded, turned
/// upright (EXIF orientation) and re-encoded as a JPEG of the useful size.
pub fn prepare(bytes: Vec<u8>, detail: ImageDetail) -> Result<PreparedImage, ImageError> {
    let format = format_of(&bytes)?;
    let reader = ImageReader::with_format(Cursor::new(&bytes), format);
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| ImageError::Corrupt(e.to_string()))?;
    if width == 0 || height == 0 {
        return Err(ImageError::Corrupt("zero-sized image".into()));
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width.max(height) > MAX_SIDE {
        return Err(ImageError::TooLarge { width, height });
    }
    let Some((w, h)) = downscale_target(width, height, detail) else {
        // Small enough already. Still decode once: a file that only has a valid header must
        // not reach the model (and cost money) as garbage.
        let (_, gps) = decode(&bytes, format)?;
        return Ok(PreparedImage {
            mime: mime_of(format),
            bytes,
            width,
            height,
            gps,
        });
    };
    let (img, gps) = decode(&bytes, format)?;
    drop(bytes);
    let small = img
        .resize_exact(w, h, image::imageops::FilterType::Triangle)
        .into_rgb8();
    let mut out = Vec::with_capacity((w * h / 4) as usize);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&small)
        .map_err(|e| ImageError::Corrupt(e.to_string()))?;
    Ok(PreparedImage {
        bytes: out,
        mime: "image/jpeg",
        width: small.width(),
        height: small.height(),
        gps,
    })
}

/// A photo fit for the public: decoded (with the same limits), turned upright, at most
/// `max_side` pixels on its longer side, and encoded afresh as JPEG — so no EXIF, GPS or
/// other metadata of the original survives.
pub fn reencode_public(bytes: &[u8], max_side: u32) -> Result<Vec<u8>, ImageError> {
    let format = format_of(bytes)?;
    let (img, _) = decode(bytes, format)?;
    let img = if img.width().max(img.height()) > max_side {
        img.resize(max_side, max_side, image::imageops::FilterType::Triangle)
    } else {
        img
    };
    let rgb = img.into_rgb8();
    let mut out = Vec::with_capacity((rgb.width() * rgb.height() / 4) as usize);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&rgb)
        .map_err(|e| ImageError::Corrupt(e.to_string()))?;
    Ok(out)
}

/// Decodes with limits, turns the image upright, and reads the EXIF GPS position if any.
fn decode(
    bytes: &[u8],
    format: ImageFormat,
) -> Result<(DynamicImage, Option<GeoPoint>), ImageError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let corrupt = |e: image::ImageError| ImageError::Corrupt(e.to_string());
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let gps = decoder
        .exif_metadata()
        .ok()
        .flatten()
        .and_then(gps_from_exif);
    let orientation = decoder.orientation().map_err(corrupt)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    img.apply_orientation(orientation);
    Ok((img, gps))
}

/// The GPS position in a raw EXIF (TIFF) block. (0, 0) is treated as "no fix": cameras write
/// it when they have none.
pub fn gps_from_exif(raw: Vec<u8>) -> Option<GeoPoint> {
    use exif::{In, Tag, Value};
    let exif = exif::Reader::new().read_raw(raw).ok()?;
    let coord = |tag: Tag, ref_tag: Tag, negative: u8| -> Option<f64> {
        let Value::Rational(dms) = &exif.get_field(tag, In::PRIMARY)?.value else {
            return None;
        };
        if dms.len() < 3 || dms.iter().any(|r| r.denom == 0) {
            return None;
        }
        let deg = dms[0].to_f64() + dms[1].to_f64() / 60.0 + dms[2].to_f64() / 3600.0;
        let sign = match &exif.get_field(ref_tag, In::PRIMARY)?.value {
            Value::Ascii(v) if v.first().and_then(|s| s.first()) == Some(&negative) => -1.0,
            _ => 1.0,
        };
        Some(sign * deg)
    };
    let lat = coord(Tag::GPSLatitude, Tag::GPSLatitudeRef, b'S')?;
    let lon = coord(Tag::GPSLongitude, Tag::GPSLongitudeRef, b'W')?;
    if lat == 0.0 && lon == 0.0 {
        return None;
    }
    GeoPoint::parse(lat, lon)
}

/// Builds a JPEG with an EXIF GPS block (for tests here and in `tests/`).
#[doc(hidden)]
pub fn jpeg_with_gps(jpeg: &[u8], lat: f64, lon: f64) -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value};
    let dms = |v: f64| {
        let v = v.abs();
        let d = v.trunc();
        let m = ((v - d) * 60.0).trunc();
        let s = ((v - d) * 60.0 - m) * 60.0;
        Value::Rational(vec![
            Rational {
                num: d as u32,
                denom: 1,
            },
            Rational {
                num: m as u32,
                denom: 1,
            },
            Rational {
                num: (s * 10_000.0).round() as u32,
                denom: 10_000,
            },
        ])
    };
    let ascii = |c: &str| Value::Ascii(vec![c.as_bytes().to_vec()]);
    let fields = [
        Field {
            tag: Tag::GPSLatitudeRef,
            ifd_num: In::PRIMARY,
            value: ascii(if lat < 0.0 { "S" } else { "N" }),
        },
        Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: dms(lat),
        },
        Field {
            tag: Tag::GPSLongitudeRef,
            ifd_num: In::PRIMARY,
            value: ascii(if lon < 0.0 { "W" } else { "E" }),
        },
        Field {
            tag: Tag::GPSLongitude,
            ifd_num: In::PRIMARY,
            value: dms(lon),
        },
    ];
    let mut writer = exif::experimental::Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut tiff = std::io::Cursor::new(Vec::new());
    writer.write(&mut tiff, false).expect("EXIF encodes");
    let tiff = tiff.into_inner();
    let mut out = Vec::with_capacity(jpeg.len() + tiff.len() + 10);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img)
            .write_to(&mut out, format)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn a_large_png_file_is_scaled_to_a_512_px_short_side_jpeg() {
        let p = prepare(encode(2000, 1500, ImageFormat::Png), ImageDetail::Low).unwrap();
        assert_eq!((p.width, p.height, p.mime), (683, 512, "image/jpeg"));
        assert_eq!(image::guess_format(&p.bytes).unwrap(), ImageFormat::Jpeg);
    }

    #[test]
    fn a_small_image_is_sent_unchanged() {
        let bytes = encode(400, 300, ImageFormat::Jpeg);
        let p = prepare(bytes.clone(), ImageDetail::Low).unwrap();
        assert_eq!(p.bytes, bytes);
        assert_eq!(p.mime, "image/jpeg");
    }

    #[test]
    fn a_telegram_photo_is_passed_through_after_a_header_check() {
        let bytes = encode(800, 600, ImageFormat::Jpeg);
        let p = prepare_photo(bytes.clone()).unwrap();
        assert_eq!((p.width, p.height, p.bytes), (800, 600, bytes));
        assert!(prepare_photo(b"not an image".to_vec()).is_err());
    }

    #[test]
    fn the_gps_position_of_a_file_is_read_from_its_exif() {
        let jpeg = jpeg_with_gps(&encode(1600, 1200, ImageFormat::Jpeg), -33.8568, 151.2153);
        let p = prepare(jpeg, ImageDetail::Low).unwrap();
        let gps = p.gps.expect("a position");
        assert!(
            (gps.lat() + 33.8568).abs() < 1e-4 && (gps.lon() - 151.2153).abs() < 1e-4,
            "{gps:?}"
        );
        let small = jpeg_with_gps(&encode(300, 200, ImageFormat::Jpeg), 48.0, -2.5);
        assert!(prepare(small, ImageDetail::Low).unwrap().gps.is_some());
        assert_eq!(
            prepare(encode(300, 200, ImageFormat::Jpeg), ImageDetail::Low)
                .unwrap()
                .gps,
            None
        );
    }

    #[test]
    fn webp_is_accepted() {
        let p = prepare(encode(64, 48, ImageFormat::WebP), ImageDetail::Low).unwrap();
        assert_eq!(p.mime, "image/webp");
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        // A real PNG header claiming 60000×60000, with no pixel data behind it.
        let mut png = encode(1, 1, ImageFormat::Png);
        png[16..20].copy_from_slice(&60_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&60_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        assert!(matches!(
            prepare(png, ImageDetail::Low),
            Err(ImageError::TooLarge { .. })
        ));
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn garbage_after_a_valid_jpeg_signature_is_corrupt() {
        let mut jpeg = encode(600, 600, ImageFormat::Jpeg);
        for b in &mut jpeg[4..] {
            *b = 0x42;
        }
        assert!(matches!(
            prepare(jpeg, ImageDetail::Low),
            Err(ImageError::Corrupt(_))
        ));
    }

    #[test]
    fn heic_and_other_formats_are_recognised_and_refused() {
        let mut heic = vec![0, 0, 0, 24];
        heic.extend_from_slice(b"ftypheic");
        heic.extend_from_slice(&[0; 16]);
        assert_eq!(
            prepare(heic, ImageDetail::Low).unwrap_err(),
            ImageError::Heic
        );
        assert_eq!(
            prepare(b"%PDF-1.7".to_vec(), ImageDetail::Low).unwrap_err(),
            ImageError::Unsupported
        );
        assert_eq!(
            prepare(b"GIF89a\x01\x00\x01\x00".to_vec(), ImageDetail::Low).unwrap_err(),
            ImageError::Unsupported
        );
    }
}
