//! What one report costs with each model family in the bot's cost table
//! (`pothole_bot::domain::cost`, cited there): the image tokens of a photo of the given size at
//! the given detail, plus the prompt and schema and a typical answer.
//!
//! ```sh
//! cargo run --example cost_table -- [WIDTH HEIGHT DETAIL]    # default: 800 600 low
//! ```
//!
//! Text tokens are estimated as the fake vision server counts them (a quarter of the
//! characters of the system prompt and the schema); an answer as 45 tokens (a verdict is about
//! 180 characters of JSON).

use pothole_bot::domain::ImageDetail;
use pothole_bot::domain::cost::{ImageRule, MODELS};
use pothole_bot::vision::prompt::{SYSTEM_PROMPT, response_format};

const ANSWER_TOKENS: u64 = 45;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (w, h, detail) = match args.as_slice() {
        [w, h, d] => (
            w.parse().expect("WIDTH"),
            h.parse().expect("HEIGHT"),
            d.parse::<ImageDetail>().expect("DETAIL"),
        ),
        _ => (800, 600, ImageDetail::Low),
    };
    let json_schema = response_format()["json_schema"].to_string();
    let text_tokens =
        (SYSTEM_PROMPT.chars().count() + json_schema.chars().count()).div_ceil(4) as u64;
    println!(
        "One report: a {w}×{h} photo at detail {detail}, {text_tokens} text tokens in, {ANSWER_TOKENS} out\n"
    );
    println!(
        "| model | image rule | image tokens | USD / report | reports per USD |\n|---|---|---:|---:|---:|"
    );
    let mut rows: Vec<_> = MODELS
        .iter()
        .map(|m| {
            let image = m.image.tokens(w, h, detail);
            let usd = m.prices.cost_usd(image + text_tokens, ANSWER_TOKENS);
            (m, image, usd)
        })
        .collect();
    rows.sort_by(|a, b| a.2.total_cmp(&b.2));
    for (m, image, usd) in rows {
        let rule = match m.image {
            ImageRule::Tiles { base, tile } => format!("tiles {base} + {tile}/tile"),
            ImageRule::Patches { multiplier } => format!("patches × {multiplier}"),
        };
        println!(
            "| {} | {rule} | {image} | {usd:.6} | {:.0} |",
            m.family,
            1.0 / usd
        );
    }
}
