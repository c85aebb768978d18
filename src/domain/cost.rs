//! What a grading costs: OpenAI's image-token rules and list prices, per model family, in one
//! table ([`MODELS`]).
//!
//! Sources (read November 2026):
//! - image tokens: OpenAI, "Images and vision", section "Calculating costs",
//!   <https://platform.openai.com/docs/guides/images-vision#calculating-costs>
//!   (also at <https://developers.openai.com/api/docs/guides/images-vision>). Three rules:
//!   - *tiles* (gpt-4o, gpt-4.1, gpt-4o-mini, gpt-5, o1/o3): a base at `low` detail; at
//!     `high` the image is fitted into 2048×2048, its shorter side scaled down to 768, and
//!     each 512-px tile adds a fixed number of tokens to the base;
//!   - *patches* (gpt-4.1-mini, gpt-4.1-nano, o4-mini, gpt-5-mini, gpt-5-nano): the number
//!     of 32×32-px patches covering the image, scaled down to at most 1,536, times a
//!     per-model multiplier; `detail` does not change it.
//! - prices: OpenAI, "Pricing", <https://platform.openai.com/docs/pricing> and
//!   <https://openai.com/api/pricing/> (standard tier, US dollars per million tokens).
//!
//! The bot's own cost figure is the `usage` the server reports, priced with [`Prices`]: OpenAI
//! already counts the image tokens there. The image rules are for estimates before a call
//! (the load test, the README) and for checking that `usage` is plausible.

use std::fmt;
use std::str::FromStr;

/// The `detail` of an image part: how many pixels the model looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// How a model family turns an image into billed tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ImageRule {
    /// `base` at low detail; `base + tile × tiles` at high detail.
    Tiles { base: u64, tile: u64 },
    /// 32-px patches (at most [`MAX_PATCHES`]) × `multiplier`, whatever the detail.
    Patches { multiplier: f64 },
}

/// Most 32-px patches an image is billed for; bigger images are scaled down first.
pub const MAX_PATCHES: u64 = 1_536;

impl ImageRule {
    /// Image tokens billed for an image of `width`×`height` sent at `detail`.
    pub fn tokens(self, width: u32, height: u32, detail: ImageDetail) -> u64 {
        match self {
            ImageRule::Tiles { base, tile } => {
                if detail == ImageDetail::Low || width == 0 || height == 0 {
                    base
                } else {
                    base + tile * high_detail_tiles(width, height)
                }
            }
            ImageRule::Patches { multiplier } => {
                (patches(width, height) as f64 * multiplier).ceil() as u64
            }
        }
    }
}

/// 512-px tiles at `high` detail: fit into 2048×2048, then scale the shorter side down to
/// 768 (never up), then count the tiles that cover the result.
pub fn high_detail_tiles(width: u32, height: u32) -> u64 {
    let (mut w, mut h) = (width as f64, height as f64);
    let fit = (2048.0 / w.max(h)).min(1.0);
    w *= fit;
    h *= fit;
    let shrink = (768.0 / w.min(h)).min(1.0);
    w *= shrink;
    h *= shrink;
    (w / 512.0).ceil().max(1.0) as u64 * (h / 512.0).ceil().max(1.0) as u64
}

/// 32-px patches covering the image, after OpenAI's scale-down to at most [`MAX_PATCHES`]:
/// scale by sqrt(1536 × 32² / (w × h)), then further so the width (or height) is a whole
/// number of patches, then count (capped at 1,536).
pub fn patches(width: u32, height: u32) -> u64 {
    if width == 0 || height == 0 {
        return 0;
    }
    let cover = |w: f64, h: f64| (w / 32.0).ceil() as u64 * (h / 32.0).ceil() as u64;
    let (w, h) = (width as f64, height as f64);
    let whole = cover(w, h);
    if whole <= MAX_PATCHES {
        return whole;
    }
    let shrink = (MAX_PATCHES as f64 * 32.0 * 32.0 / (w * h)).sqrt();
    let (w1, h1) = (w * shrink, h * shrink);
    let fit = |side: f64| (side / 32.0).floor() / (side / 32.0);
    let second = fit(w1).min(fit(h1));
    // Whole pixels, as the resized image has; the tiny epsilon absorbs float error in
    // products that are whole numbers on paper (1448.155… × 0.9723 = 1408).
    let (w2, h2) = ((w1 * second + 1e-6).floor(), (h1 * second + 1e-6).floor());
    cover(w2, h2).min(MAX_PATCHES)
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

    /// Nothing: a model on the operator's own machine.
    pub const FREE: Prices = Prices {
        input_per_mtok: 0.0,
        output_per_mtok: 0.0,
    };

    /// Dollars for one call with this usage.
    pub fn cost_usd(&self, prompt_tokens: u64, completion_tokens: u64) -> f64 {
        (prompt_tokens as f64 * self.input_per_mtok
            + completion_tokens as f64 * self.output_per_mtok)
            / 1_000_000.0
    }

    /// These prices with either side replaced where `over` sets it.
    pub fn with(self, over: PriceOverride) -> Prices {
        Prices {
            input_per_mtok: over.input_per_mtok.unwrap_or(self.input_per_mtok),
            output_per_mtok: over.output_per_mtok.unwrap_or(self.output_per_mtok),
        }
    }
}

/// `OPENAI_PRICE_INPUT_PER_MTOK` / `OPENAI_PRICE_OUTPUT_PER_MTOK`: prices the operator set,
/// which win over the table (an Azure contract, a new model, a price change).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PriceOverride {
    pub input_per_mtok: Option<f64>,
    pub output_per_mtok: Option<f64>,
}

impl PriceOverride {
    pub fn is_complete(self) -> bool {
        self.input_per_mtok.is_some() && self.output_per_mtok.is_some()
    }
}

/// One model family: the name it is known by, its image rule and its list prices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelCost {
    /// The model name or its prefix: `gpt-4o-mini` also covers `gpt-4o-mini-2024-07-18`.
    pub family: &'static str,
    pub image: ImageRule,
    pub prices: Prices,
}

const fn tiles(family: &'static str, base: u64, tile: u64, input: f64, output: f64) -> ModelCost {
    ModelCost {
        family,
        image: ImageRule::Tiles { base, tile },
        prices: Prices {
            input_per_mtok: input,
            output_per_mtok: output,
        },
    }
}

const fn patched(family: &'static str, multiplier: f64, input: f64, output: f64) -> ModelCost {
    ModelCost {
        family,
        image: ImageRule::Patches { multiplier },
        prices: Prices {
            input_per_mtok: input,
            output_per_mtok: output,
        },
    }
}

/// The table. Image rules: "Calculating costs" in OpenAI's vision guide; prices: OpenAI's
/// pricing page (both cited at the top of this file).
pub const MODELS: &[ModelCost] = &[
    // Tiles: base and per-tile tokens.
    tiles("gpt-4o-mini", 2_833, 5_667, 0.15, 0.60),
    tiles("gpt-4o", 85, 170, 2.50, 10.00),
    tiles("gpt-4.1", 85, 170, 2.00, 8.00),
    tiles("gpt-5", 70, 140, 1.25, 10.00),
    tiles("o1", 75, 150, 15.00, 60.00),
    tiles("o3", 75, 150, 2.00, 8.00),
    // Patches × multiplier.
    patched("gpt-4.1-mini", 1.62, 0.40, 1.60),
    patched("gpt-4.1-nano", 2.46, 0.10, 0.40),
    patched("o4-mini", 1.72, 1.10, 4.40),
    patched("gpt-5-mini", 1.62, 0.25, 2.00),
    patched("gpt-5-nano", 2.46, 0.05, 0.40),
];

/// The table row for `model`: the longest family name that is the model name or a prefix of
/// it followed by `-` (so `gpt-4o-mini-2024-07-18` is gpt-4o-mini, not gpt-4o; `o3-mini`
/// is not listed and so not o3's price). Case-insensitive; `None` for models not listed.
pub fn model_cost(model: &str) -> Option<&'static ModelCost> {
    let model = model.trim().to_ascii_lowercase();
    let model = model.rsplit('/').next().unwrap_or(&model);
    MODELS
        .iter()
        .filter(|m| {
            model == m.family
                || model
                    .strip_prefix(m.family)
                    .is_some_and(|rest| rest.starts_with('-') && is_snapshot(&rest[1..]))
        })
        .max_by_key(|m| m.family.len())
}

/// A dated snapshot suffix (`2024-07-18`) or an alias such as `latest` / `chat-latest`:
/// anything but another family's name (`mini`, `nano`, ...).
fn is_snapshot(rest: &str) -> bool {
    rest.starts_with(|c: char| c.is_ascii_digit()) || rest.ends_with("latest")
}

/// Image tokens `model` is billed for an image of `width`×`height` at `detail`, when the
/// model is in the table.
pub fn image_tokens(model: &str, width: u32, height: u32, detail: ImageDetail) -> Option<u64> {
    model_cost(model).map(|m| m.image.tokens(width, height, detail))
}

/// The prices to charge `model` at: the table's, with the operator's overrides on top; for a
/// model not in the table, the overrides alone when both are set, else `local` (a server on
/// the operator's machine costs nothing per token) or unknown.
pub fn prices_for(model: &str, over: PriceOverride, local: bool) -> Option<Prices> {
    match model_cost(model) {
        Some(m) => Some(m.prices.with(over)),
        None if over.is_complete() => Some(Prices::FREE.with(over)),
        None if local => Some(Prices::FREE.with(over)),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(model: &str) -> ImageRule {
        model_cost(model).expect(model).image
    }

    // --- OpenAI's worked examples ("Calculating costs" in the vision guide) ---

    #[test]
    fn gpt_4o_high_detail_examples_from_the_guide() {
        // "A 1024 x 1024 square image in detail: high mode costs 765 tokens"
        assert_eq!(rule("gpt-4o").tokens(1024, 1024, ImageDetail::High), 765);
        // "A 2048 x 4096 image in detail: high mode costs 1105 tokens"
        assert_eq!(rule("gpt-4o").tokens(2048, 4096, ImageDetail::High), 1105);
        // "A 4096 x 8192 image in detail: low most costs 85 tokens"
        assert_eq!(rule("gpt-4o").tokens(4096, 8192, ImageDetail::Low), 85);
        // gpt-4.1 follows the same rule.
        assert_eq!(rule("gpt-4.1").tokens(1024, 1024, ImageDetail::High), 765);
    }

    #[test]
    fn patch_examples_from_the_guide() {
        // "A 1024 x 1024 image is 1024 tokens": 32 × 32 patches, under the cap.
        assert_eq!(patches(1024, 1024), 1024);
        // "A 1800 x 2400 image is 1452 tokens": 57 × 75 = 4275 patches > 1536; shrink by
        // 0.603 to 1086 × 1448, then by 33 / 33.94 = 0.97 to 1056 × 1408 = 33 × 44 patches.
        assert_eq!(patches(1800, 2400), 1452);
        assert_eq!(patches(2400, 1800), 1452);
        // The multiplier: "for gpt-4.1-mini, we multiply image tokens by 1.62".
        assert_eq!(
            rule("gpt-4.1-mini").tokens(1024, 1024, ImageDetail::Low),
            1659
        );
        assert_eq!(
            rule("gpt-4.1-nano").tokens(1024, 1024, ImageDetail::High),
            2520
        );
        assert_eq!(rule("o4-mini").tokens(1800, 2400, ImageDetail::High), 2498);
    }

    #[test]
    fn patches_never_exceed_the_cap() {
        for (w, h) in [
            (4000, 3000),
            (2049, 513),
            (10_000, 32),
            (6000, 6000),
            (1, 1),
        ] {
            let p = patches(w, h);
            assert!((1..=MAX_PATCHES).contains(&p), "{w}x{h}: {p}");
        }
        assert_eq!(patches(0, 100), 0);
    }

    #[test]
    fn gpt_4o_mini_costs_2833_at_low_and_5667_per_tile_at_high() {
        let r = rule("gpt-4o-mini");
        assert_eq!(r.tokens(800, 600, ImageDetail::Low), 2_833);
        assert_eq!(r.tokens(4000, 3000, ImageDetail::Low), 2_833);
        // 1280×960 → shorter side 768 → 1024×768 → 2×2 tiles.
        assert_eq!(r.tokens(1280, 960, ImageDetail::High), 25_501);
        // 512×512 is one tile and is never scaled up.
        assert_eq!(r.tokens(512, 512, ImageDetail::High), 8_500);
        // 4000×3000 fits into 2048×1536, then 1024×768: 4 tiles again.
        assert_eq!(r.tokens(4000, 3000, ImageDetail::Auto), 25_501);
    }

    #[test]
    fn snapshots_and_aliases_find_their_family_and_nothing_else() {
        let fam = |m: &str| model_cost(m).map(|c| c.family);
        assert_eq!(fam("gpt-4o-mini-2024-07-18"), Some("gpt-4o-mini"));
        assert_eq!(fam("GPT-4o-2024-11-20"), Some("gpt-4o"));
        assert_eq!(fam("gpt-4.1-mini-2025-04-14"), Some("gpt-4.1-mini"));
        assert_eq!(fam("gpt-4.1-nano"), Some("gpt-4.1-nano"));
        assert_eq!(fam("gpt-4.1"), Some("gpt-4.1"));
        assert_eq!(fam("gpt-5-chat-latest"), Some("gpt-5"));
        assert_eq!(fam("openai/gpt-4o-mini"), Some("gpt-4o-mini"));
        assert_eq!(fam("o3-mini"), None);
        assert_eq!(fam("gpt-4o-audio-preview"), None);
        assert_eq!(fam("llava:7b"), None);
        assert_eq!(fam("gemini-2.5-flash"), None);
    }

    #[test]
    fn prices_come_from_the_table_unless_overridden() {
        let none = PriceOverride::default();
        assert_eq!(
            prices_for("gpt-4o-mini", none, false),
            Some(Prices::GPT_4O_MINI)
        );
        let p = prices_for("gpt-4.1-mini", none, false).unwrap();
        assert_eq!((p.input_per_mtok, p.output_per_mtok), (0.40, 1.60));
        let half = PriceOverride {
            input_per_mtok: Some(0.2),
            output_per_mtok: None,
        };
        let p = prices_for("gpt-4o-mini", half, false).unwrap();
        assert_eq!((p.input_per_mtok, p.output_per_mtok), (0.2, 0.60));
        // An unknown model at a paid API has an unknown price ...
        assert_eq!(prices_for("my-deployment", none, false), None);
        assert_eq!(prices_for("my-deployment", half, false), None);
        // ... unless both prices are set; a local server costs nothing.
        let both = PriceOverride {
            input_per_mtok: Some(1.0),
            output_per_mtok: Some(2.0),
        };
        assert_eq!(
            prices_for("my-deployment", both, false).map(|p| p.output_per_mtok),
            Some(2.0)
        );
        assert_eq!(prices_for("llava:7b", none, true), Some(Prices::FREE));
    }

    #[test]
    fn the_image_alone_at_low_detail_costs_0_000425_dollars_on_gpt_4o_mini() {
        let usd = Prices::GPT_4O_MINI.cost_usd(2_833, 0);
        assert!((usd - 0.000_424_95).abs() < 1e-9);
    }

    #[test]
    fn output_tokens_cost_four_times_input_tokens_on_gpt_4o_mini() {
        let p = Prices::GPT_4O_MINI;
        assert!((p.cost_usd(0, 100) - 4.0 * p.cost_usd(100, 0)).abs() < 1e-12);
    }

    #[test]
    fn every_family_is_listed_once() {
        for (i, m) in MODELS.iter().enumerate() {
            assert!(
                MODELS[i + 1..].iter().all(|o| o.family != m.family),
                "{}",
                m.family
            );
            assert_eq!(model_cost(m.family).map(|c| c.family), Some(m.family));
        }
    }

    #[test]
    fn detail_parses_case_insensitively() {
        assert_eq!("LOW".parse(), Ok(ImageDetail::Low));
        assert!("medium".parse::<ImageDetail>().is_err());
    }
}
