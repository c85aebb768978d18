//! What the second reason costs: a citizen whose language differs from the staff's makes the
//! bot ask for the reason twice. This counts, with gpt-4o-mini's tokenizer (o200k_base), the
//! tokens of the request the bot builds and of a typical answer, with and without the second
//! reason, for every language the bot has, and prices them at gpt-4o-mini's list prices.
//!
//! ```sh
//! cargo run --example reason_tokens
//! ```
//!
//! Nothing is sent anywhere: the answers are typical ones, written here in each language (the
//! same one-line reason), since the real model's wording varies by photo.

use pothole_bot::domain::{Lang, Prices};
use pothole_bot::vision::prompt::{self, ReasonLanguages};
use serde_json::json;

/// The same reason, as the model would write it in each language.
fn reason_in(code: &str) -> &'static str {
    match code {
        "en" => "Deep pothole, about 8 cm, edges breaking up in the right lane",
        "es" => "Bache profundo, de unos 8 cm, con bordes que se desmoronan en el carril derecho",
        "pt" => "Buraco fundo, cerca de 8 cm, com bordas se desfazendo na faixa da direita",
        "fr" => "Nid-de-poule profond, environ 8 cm, bords qui s'effritent sur la voie de droite",
        "de" => "Tiefes Schlagloch, etwa 8 cm, Ränder brechen in der rechten Spur aus",
        "af" => "Diep slaggat, omtrent 8 cm, rande brokkel af in die regterbaan",
        _ => "Deep pothole, about 8 cm, edges breaking up in the right lane",
    }
}

fn main() {
    let bpe = tiktoken_rs::o200k_base().expect("o200k_base is bundled with tiktoken-rs");
    let tokens = |s: &str| bpe.encode_with_special_tokens(s).len() as i64;
    let prices = Prices::GPT_4O_MINI;
    let staff = Lang::ENGLISH;
    let base_prompt = tokens(&prompt::system_prompt(ReasonLanguages::default()))
        + tokens(&prompt::response_format().to_string());
    let answer = |citizen: Option<&str>| {
        let mut a = json!({
            "severity": "severe", "confidence": 0.92, "depth_mm": 80, "width_mm": 600,
            "reason": reason_in(staff.code()),
        });
        if let Some(code) = citizen {
            a["citizen_reason"] = json!(reason_in(code));
        }
        a.to_string()
    };
    let base_answer = tokens(&answer(None));
    println!("staff language: {staff}; answer without a second reason: {base_answer} tokens");
    println!("| citizen | extra input tokens | extra output tokens | extra USD per report |");
    println!("|---|---:|---:|---:|");
    let mut outputs = Vec::new();
    for lang in Lang::all().filter(|l| *l != staff) {
        let langs = ReasonLanguages::new(staff, lang);
        let prompt_tokens = tokens(&prompt::system_prompt(langs))
            + tokens(&prompt::response_format_for(langs).to_string());
        let extra_in = prompt_tokens - base_prompt;
        let extra_out = tokens(&answer(Some(lang.code()))) - base_answer;
        outputs.push(extra_out);
        let usd = prices.cost_usd(extra_in as u64, extra_out as u64);
        println!("| {lang} | {extra_in} | {extra_out} | {usd:.7} |");
    }
    let mean = outputs.iter().sum::<i64>() as f64 / outputs.len() as f64;
    println!(
        "mean extra output tokens: {mean:.1} (min {}, max {})",
        outputs.iter().min().unwrap(),
        outputs.iter().max().unwrap()
    );
}
