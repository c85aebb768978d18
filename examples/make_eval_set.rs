//! Draws the tiny labelled example set in `examples/eval/` for `pothole-bot eval`: road
//! surfaces and holes made of shapes and noise, no photographs, no people.
//!
//! ```sh
//! cargo run --example make_eval_set     # rewrites examples/eval/{minor,moderate,severe,not_pothole,unclear}/
//! ```
//!
//! Each picture's centre pixel has its class's colour (the hole's floor, water, grass, the
//! dark), so the stand-in vision server in the tests can "grade" it by colour. Two pictures
//! carry another class's centre on purpose — a moderate hole that looks severe and a severe
//! one that looks moderate — so the example confusion matrix is not a perfect diagonal.

use std::path::Path;

use image::{Rgb, RgbImage};

/// Centre colours the tests map to verdicts.
pub const MINOR: [u8; 3] = [96, 92, 88];
pub const MODERATE: [u8; 3] = [58, 52, 46];
pub const SEVERE: [u8; 3] = [40, 56, 84];
pub const NOT_POTHOLE: [u8; 3] = [70, 150, 60];
pub const UNCLEAR: [u8; 3] = [12, 12, 12];

const W: u32 = 480;
const H: u32 = 360;

fn asphalt(rng: &mut fastrand::Rng, base: u8) -> RgbImage {
    RgbImage::from_fn(W, H, |_, _| {
        let n = base.saturating_add(rng.u8(0..24)).saturating_sub(12);
        Rgb([n, n, n.saturating_add(2)])
    })
}

/// A hole: an ellipse of `rx`×`ry` around the centre, its floor in `floor`, with a lighter
/// broken rim.
fn hole(img: &mut RgbImage, rng: &mut fastrand::Rng, rx: f64, ry: f64, floor: [u8; 3]) {
    let (cx, cy) = (W as f64 / 2.0, H as f64 / 2.0);
    for y in 0..H {
        for x in 0..W {
            let d = ((x as f64 - cx) / rx).powi(2) + ((y as f64 - cy) / ry).powi(2);
            if d <= 1.0 {
                // Flat in the middle so the centre pixel is exactly the class colour.
                let jitter = if d < 0.2 { 0 } else { rng.u8(0..10) };
                let c = floor.map(|v| v.saturating_add(jitter));
                img.put_pixel(x, y, Rgb(c));
            } else if d <= 1.25 && rng.bool() {
                img.put_pixel(x, y, Rgb([150, 148, 140]));
            }
        }
    }
}

fn centre_patch(img: &mut RgbImage, color: [u8; 3], r: u32) {
    let (cx, cy) = (W / 2, H / 2);
    for y in cy - r..cy + r {
        for x in cx - r..cx + r {
            img.put_pixel(x, y, Rgb(color));
        }
    }
}

fn save(img: &RgbImage, path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    img.save_with_format(path, image::ImageFormat::Jpeg)
        .unwrap();
    println!("{}", path.display());
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/eval");
    let mut rng = fastrand::Rng::with_seed(42);

    let mut img = asphalt(&mut rng, 110);
    hole(&mut img, &mut rng, 40.0, 28.0, MINOR);
    save(&img, &root.join("minor/small-shallow-hole.jpg"));
    let mut img = asphalt(&mut rng, 120);
    hole(&mut img, &mut rng, 60.0, 20.0, MINOR);
    save(&img, &root.join("minor/long-shallow-dip.jpg"));

    let mut img = asphalt(&mut rng, 105);
    hole(&mut img, &mut rng, 90.0, 60.0, MODERATE);
    save(&img, &root.join("moderate/wide-hole.jpg"));
    let mut img = asphalt(&mut rng, 100);
    hole(&mut img, &mut rng, 80.0, 55.0, SEVERE);
    save(&img, &root.join("moderate/puddle-looks-deep.jpg"));

    let mut img = asphalt(&mut rng, 95);
    hole(&mut img, &mut rng, 150.0, 100.0, SEVERE);
    save(&img, &root.join("severe/water-filled-crater.jpg"));
    let mut img = asphalt(&mut rng, 100);
    hole(&mut img, &mut rng, 140.0, 90.0, MODERATE);
    save(&img, &root.join("severe/broken-edges-in-lane.jpg"));

    let mut img = RgbImage::from_fn(W, H, |_, y| {
        let g = 140u8.saturating_add((y % 7) as u8 * 3);
        Rgb([70, g, 60])
    });
    centre_patch(&mut img, NOT_POTHOLE, 20);
    save(&img, &root.join("not_pothole/grass-verge.jpg"));
    let mut img = asphalt(&mut rng, 115);
    for x in 0..W {
        for y in H / 2 - 6..H / 2 + 6 {
            img.put_pixel(x, y, Rgb([230, 230, 225]));
        }
    }
    centre_patch(&mut img, NOT_POTHOLE, 20);
    save(&img, &root.join("not_pothole/painted-line.jpg"));

    let mut img = RgbImage::from_fn(W, H, |_, _| {
        let n = rng.u8(5..20);
        Rgb([n, n, n])
    });
    centre_patch(&mut img, UNCLEAR, 20);
    save(&img, &root.join("unclear/night-shot.jpg"));
    let mut img = RgbImage::from_fn(W, H, |x, _| {
        let n = 10 + (x / 60) as u8;
        Rgb([n, n, n])
    });
    centre_patch(&mut img, UNCLEAR, 20);
    save(&img, &root.join("unclear/lens-covered.jpg"));
}
