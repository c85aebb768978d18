//! What a grading costs: OpenAI's image-token rules for gpt-4o-mini and the price per token.
//!
//! The figures come from OpenAI's pricing page for gpt-4o-mini: an image costs 2,833 tokens at
//! `low` detail (the model sees 512×512), and 2,833 + 5,667 per 512-px tile at `high` detail
//! after the image is fitted into 2048×2048 and its shorter side scaled to 768.

use std::fmt;
use std::str::FromStr;

/// Image tokens billed per image at `low` detail, and the base at `high` detail.
pub const IMAGE_BASE_TOKENS: u64 = 2_833;
/// Image tokens billed per 512-px tile at `high` detail.
pub const IMAGE_TILE_TOKENS: u64 = 5_667;

/// The `detail` of an image part: how many pixels the model looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageDetail {
    Low,
    High,
    Auto,
}

impl ImageDetail {
    pub fn as_str(self) -> &'static str {
        match self {
            ImageDetail::Low => "low",
            ImageDetail::High => "high",
            ImageDetail::Auto => "auto",
        }
    }

    /// The shorter side, in pixels, of the largest image the model can use at this detail.
    /// Anything bigger is scaled down by OpenAI before the model sees it, so sending it only
    /// costs upload time. (`auto` may pick `high`, so it is treated as `high`.)
    pub fn useful_short_side(self) -> u32 {
        match self {
            ImageDetail::Low => 512,
            ImageDetail::High | ImageDetail::Auto => 768,
        }
    }

    /// The longer side above which the model cannot use more pixels at this detail.
    pub fn useful_long_side(self) -> u32 {
        match self {
            ImageDetail::Low => 512,
            ImageDetail::High | ImageDetail::Auto => 2048,
        }
    }
}

impl fmt::Display for ImageDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ImageDetail {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" => Ok(ImageDetail::Low),
            "high" => Ok(ImageDetail::High),
            "auto" => Ok(ImageDetail::Auto),
            other => Err(format!("{other:?} is not low, high or auto")),
        }
    }
}

/// Image tokens gpt-4o-mini bills for an image of `width`×`height` at `detail`.
pub fn image_tokens(width: u32, height: u32, detail: ImageDetail) -> u64 {
    if detail == ImageDetail::Low || width == 0 || height == 0 {
        return IMAGE_BASE_TOKENS;
    }
    let (mut w, mut h) = (width as f64, height as f64);
    let fit = (2048.0 / w.max(h)).min(1.0);
    w *= fit;
    h *= fit;
    let shrink = (768.0 / w.min(h)).min(1.0);
    w *= shrink;
    h *= shrink;
    let tiles = (w / 512.0).ceil() as u64 * (h / 512.0).ceil() as u64;
    IMAGE_BASE_TOKENS + IMAGE_TILE_TOKENS * tiles
}

/// Prices in US dollars per million tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prices {
    pub input_per_mtok: f64,
    pub output_per_mtok: f64,
}

impl Prices {
    /// gpt-4o-mini's list prices.
    pub const GPT_4O_MINI: Prices = Prices {
        input_per_mtok: 0.15,
        output_per_mtok: 0.60,
    };

    /// Dollars for one call with this usage.
    pub fn cost_usd(&self, prompt_tokens: u64, completion_tokens: u64) -> f64 {
        (prompt_tokens as f64 * self.input_per_mtok
            + completion_tokens as f64 * self.output_per_mtok)
            / 1_000_000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn low_detail_costs_the_same_whatever_the_size() {
        assert_eq!(image_tokens(800, 600, ImageDetail::Low), 2_833);
        assert_eq!(image_tokens(4000, 3000, ImageDetail::Low), 2_833);
    }

    #[test]
    fn high_detail_bills_tiles_after_scaling() {
        // 1280×960 → shorter side 768 → 1024×768 → 2×2 tiles.
        assert_eq!(image_tokens(1280, 960, ImageDetail::High), 25_501);
        // 512×512 is one tile and is never scaled up.
        assert_eq!(image_tokens(512, 512, ImageDetail::High), 8_500);
        // 4000×3000 fits into 2048×1536, then 1024×768: 4 tiles again.
        assert_eq!(image_tokens(4000, 3000, ImageDetail::Auto), 25_501);
    }

    #[test]
    fn the_image_alone_at_low_detail_costs_0_000425_dollars() {
        let usd = Prices::GPT_4O_MINI.cost_usd(IMAGE_BASE_TOKENS, 0);
        assert!((usd - 0.000_424_95).abs() < 1e-9);
    }

    #[test]
    fn output_tokens_cost_four_times_input_tokens() {
        let p = Prices::GPT_4O_MINI;
        assert!((p.cost_usd(0, 100) - 4.0 * p.cost_usd(100, 0)).abs() < 1e-12);
    }

    #[test]
    fn detail_parses_case_insensitively() {
        assert_eq!("LOW".parse(), Ok(ImageDetail::Low));
        assert!("medium".parse::<ImageDetail>().is_err());
    }
}
