//! Image fixtures: real JPEG/PNG/WebP bytes of a solid colour, plus deliberately broken files.
//!
//! Encoded JPEGs are cached per `(colour, width, height)` in a process-wide cache, so asking for
//! the same image twice (e.g. in a load test) costs a hash lookup and a cheap `Bytes` clone.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::{Mutex, OnceLock};

use axum::body::Bytes;
use image::{ImageEncoder, RgbImage};

/// A strong red, far from the other test colours even after JPEG compression.
pub const RED: [u8; 3] = [220, 30, 30];
/// A strong green.
pub const GREEN: [u8; 3] = [30, 180, 60];
/// A strong blue.
pub const BLUE: [u8; 3] = [30, 60, 220];
/// A mid grey (asphalt).
pub const GREY: [u8; 3] = [128, 128, 128];
/// A bright yellow.
pub const YELLOW: [u8; 3] = [235, 215, 40];
/// Near black.
pub const BLACK: [u8; 3] = [10, 10, 10];
/// Near white.
pub const WHITE: [u8; 3] = [245, 245, 245];

/// Sizes Telegram typically generates for a 1280×960 photo, smallest first.
pub const STANDARD_SIZES: [(u32, u32); 4] = [(90, 67), (320, 240), (800, 600), (1280, 960)];

type JpegKey = ([u8; 3], u32, u32);

fn jpeg_cache() -> &'static Mutex<HashMap<JpegKey, Bytes>> {
    static CACHE: OnceLock<Mutex<HashMap<JpegKey, Bytes>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// An RGB image of `color` with a small darker square in the top-left corner (the centre stays
/// `color`, which is what `FakeOpenAi::on_color` samples).
pub fn rgb_image(w: u32, h: u32, color: [u8; 3]) -> RgbImage {
    let dark = color.map(|c| c / 2);
    let (pw, ph) = ((w / 8).max(1), (h / 8).max(1));
    RgbImage::from_fn(w, h, |x, y| {
        if x < pw && y < ph {
            image::Rgb(dark)
        } else {
            image::Rgb(color)
        }
    })
}

/// A real baseline JPEG (quality 85) of `w`×`h` in `color`, cached; cheap to clone.
pub fn jpeg_bytes(w: u32, h: u32, color: [u8; 3]) -> Bytes {
    let key = (color, w, h);
    if let Some(b) = jpeg_cache().lock().unwrap().get(&key) {
        return b.clone();
    }
    let img = rgb_image(w, h, color);
    let mut out = Vec::with_capacity((w * h / 20) as usize + 1024);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .expect("encode jpeg");
    let bytes = Bytes::from(out);
    jpeg_cache().lock().unwrap().insert(key, bytes.clone());
    bytes
}

/// A real JPEG of `w`×`h` in `color` (see [`jpeg_bytes`]).
pub fn jpeg(w: u32, h: u32, color: [u8; 3]) -> Vec<u8> {
    jpeg_bytes(w, h, color).to_vec()
}

/// A real PNG of `w`×`h` in `color`.
pub fn png(w: u32, h: u32, color: [u8; 3]) -> Vec<u8> {
    let img = rgb_image(w, h, color);
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .expect("encode png");
    out
}

/// A real lossless WebP of `w`×`h` in `color`.
pub fn webp(w: u32, h: u32, color: [u8; 3]) -> Vec<u8> {
    let img = rgb_image(w, h, color);
    let mut out = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .expect("encode webp");
    out
}

/// Starts like a JFIF JPEG (SOI + APP0 "JFIF"), so format sniffing says JPEG, then garbage:
/// neither the dimensions nor the pixels can be read.
pub fn corrupt_jpeg() -> Vec<u8> {
    let mut out = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00,
    ];
    let mut x: u32 = 0x1234_5678;
    for _ in 0..512 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        // avoid 0xFF so no accidental marker appears
        out.push((x as u8) & 0x7F);
    }
    out
}

/// A real 640×480 JPEG cut after its first half: the header (and dimensions) are readable, the
/// entropy-coded data is truncated and has no EOI marker.
pub fn truncated_jpeg() -> Vec<u8> {
    let full = jpeg(640, 480, GREY);
    full[..full.len() / 2].to_vec()
}

/// A tiny (~70 bytes) PNG whose header claims 50000×50000 pixels: a decompression bomb that
/// must be rejected from its header, before any decode.
pub fn huge_dims_png() -> Vec<u8> {
    huge_png(50_000, 50_000)
}

/// A tiny PNG whose IHDR claims `w`×`h` (the IDAT holds a single pixel).
pub fn huge_png(w: u32, h: u32) -> Vec<u8> {
    let mut out = png(1, 1, GREY);
    // signature (8) + length (4) + "IHDR" (4) + width (4) + height (4)
    out[16..20].copy_from_slice(&w.to_be_bytes());
    out[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&out[12..29]); // "IHDR" + 13 bytes of data
    out[29..33].copy_from_slice(&crc.to_be_bytes());
    out
}

/// Just enough of an ISO-BMFF `ftyp` box (brand `heic`) to be recognised as HEIC by its magic.
pub fn heic_bytes() -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&24u32.to_be_bytes());
    out.extend_from_slice(b"ftypheic");
    out.extend_from_slice(&0u32.to_be_bytes());
    out.extend_from_slice(b"mif1heic");
    // an empty 'meta' box header and some filler, so it is not a 24-byte stub
    out.extend_from_slice(&8u32.to_be_bytes());
    out.extend_from_slice(b"meta");
    out.extend(std::iter::repeat_n(0u8, 64));
    out
}

/// Reads `(width, height)` from an image header without decoding pixels.
pub fn image_dims(bytes: &[u8]) -> Option<(u32, u32)> {
    image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

/// Decodes `bytes` and returns the RGB colour of the centre pixel.
pub fn center_pixel(bytes: &[u8]) -> Option<[u8; 3]> {
    let img = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .decode()
        .ok()?
        .to_rgb8();
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return None;
    }
    Some(img.get_pixel(w / 2, h / 2).0)
}

/// Standard CRC-32 (as used by PNG chunks).
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}
