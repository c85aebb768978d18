//! Which pixels to send: the choice among Telegram's photo sizes, and the target size when an
//! image sent as a file has to be scaled down. Sending more pixels than the model's `detail` can
//! use costs upload time and memory, and buys nothing.

use super::cost::ImageDetail;

/// One of the sizes Telegram offers for a compressed photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoSize {
    pub file_id: String,
    pub file_unique_id: String,
    pub width: u32,
    pub height: u32,
    pub file_size: Option<u32>,
}

impl PhotoSize {
    fn area(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }

    fn short_side(&self) -> u32 {
        self.width.min(self.height)
    }
}

/// The biggest size by width × height (Telegram's list order is not a promise). This is the
/// one shown to the crews.
pub fn largest(sizes: &[PhotoSize]) -> Option<&PhotoSize> {
    sizes.iter().max_by_key(|s| s.area())
}

/// The size to grade: the smallest whose shorter side still reaches what `detail` can use,
/// or the largest when none does.
pub fn for_grading(sizes: &[PhotoSize], detail: ImageDetail) -> Option<&PhotoSize> {
    let need = detail.useful_short_side();
    sizes
        .iter()
        .filter(|s| s.short_side() >= need)
        .min_by_key(|s| s.area())
        .or_else(|| largest(sizes))
}

/// The size to scale an image of `width`×`height` down to before upload, or `None` when it is
/// already no bigger than `detail` can use. Never scales up; keeps the aspect ratio.
pub fn downscale_target(width: u32, height: u32, detail: ImageDetail) -> Option<(u32, u32)> {
    let short = width.min(height) as f64;
    let long = width.max(height) as f64;
    if short == 0.0 {
        return None;
    }
    let mut scale = (detail.useful_short_side() as f64 / short).min(1.0);
    // At `high` detail OpenAI first fits the image into 2048×2048; at `low` it looks at
    // 512×512, so the longer side is simply kept in proportion (a panorama stays readable).
    if detail != ImageDetail::Low {
        scale = scale.min(detail.useful_long_side() as f64 / long);
    }
    if scale >= 1.0 {
        return None;
    }
    let w = ((width as f64 * scale).round() as u32).max(1);
    let h = ((height as f64 * scale).round() as u32).max(1);
    Some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(w: u32, h: u32) -> PhotoSize {
        PhotoSize {
            file_id: format!("f{w}x{h}"),
            file_unique_id: format!("u{w}x{h}"),
            width: w,
            height: h,
            file_size: None,
        }
    }

    fn telegram_sizes_shuffled() -> Vec<PhotoSize> {
        vec![
            size(800, 600),
            size(90, 67),
            size(1280, 960),
            size(320, 240),
        ]
    }

    #[test]
    fn the_largest_size_is_chosen_by_area_not_by_list_order() {
        assert_eq!(largest(&telegram_sizes_shuffled()).unwrap().width, 1280);
    }

    #[test]
    fn low_detail_grades_the_smallest_size_with_a_512_px_short_side() {
        let sizes = telegram_sizes_shuffled();
        let s = for_grading(&sizes, ImageDetail::Low).unwrap();
        assert_eq!((s.width, s.height), (800, 600));
    }

    #[test]
    fn high_detail_grades_the_smallest_size_with_a_768_px_short_side() {
        let sizes = telegram_sizes_shuffled();
        let s = for_grading(&sizes, ImageDetail::High).unwrap();
        assert_eq!((s.width, s.height), (1280, 960));
    }

    #[test]
    fn a_small_photo_is_graded_at_its_largest_size() {
        let sizes = vec![size(320, 240), size(90, 67)];
        assert_eq!(for_grading(&sizes, ImageDetail::Low).unwrap().width, 320);
        assert!(for_grading(&[], ImageDetail::Low).is_none());
    }

    #[test]
    fn portrait_photos_use_the_shorter_side() {
        let sizes = vec![size(600, 800), size(960, 1280), size(240, 320)];
        let s = for_grading(&sizes, ImageDetail::Low).unwrap();
        assert_eq!((s.width, s.height), (600, 800));
    }

    #[test]
    fn files_are_scaled_down_to_what_the_detail_can_use() {
        assert_eq!(
            downscale_target(4000, 3000, ImageDetail::Low),
            Some((683, 512))
        );
        assert_eq!(
            downscale_target(3000, 4000, ImageDetail::Low),
            Some((512, 683))
        );
        assert_eq!(
            downscale_target(4000, 3000, ImageDetail::High),
            Some((1024, 768))
        );
        // A very wide image at high detail is bounded by the 2048-px long side.
        assert_eq!(
            downscale_target(8000, 1000, ImageDetail::High),
            Some((2048, 256))
        );
    }

    #[test]
    fn small_files_are_never_scaled_up() {
        assert_eq!(downscale_target(640, 480, ImageDetail::Low), None);
        assert_eq!(downscale_target(500, 400, ImageDetail::Low), None);
        assert_eq!(downscale_target(0, 0, ImageDetail::Low), None);
    }
}
