//! The Fluent catalogues as files a translator edits: they parse, every language has every
//! message English has (and no other), each message uses the same placeholders as in
//! English, counts have their plural forms, and no message is left unused by the code.
//!
//! What the texts say once rendered (severity words, report numbers, Telegram's limits) is
//! checked beside the code that renders them, in `src/domain/texts/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{
    Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey,
};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

/// Placeholders that hold a count a noun agrees with: the texts pass them as numbers, and
/// every message showing one must choose its plural form by it.
const COUNTS: [&str; 2] = ["count", "minutes"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Each language folder and its catalogue's text.
fn catalogues() -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(root().join("locales")).unwrap() {
        let dir = entry.unwrap().path();
        if dir.is_dir() {
            let code = dir.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(dir.join("main.ftl"))
                .unwrap_or_else(|e| panic!("locales/{code}/main.ftl: {e}"));
            found.insert(code, text);
        }
    }
    found
}

/// What one message (or `message.attribute`) is made of.
#[derive(Debug, Default)]
struct Shape {
    variables: BTreeSet<String>,
    /// Variables a `{ $x -> … }` selects on, with the variant keys it offers.
    selects: BTreeMap<String, BTreeSet<String>>,
    references: BTreeSet<String>,
}

fn walk_pattern(p: &Pattern<&str>, shape: &mut Shape) {
    for element in &p.elements {
        if let PatternElement::Placeable { expression } = element {
            walk_expression(expression, shape);
        }
    }
}

fn walk_expression(e: &Expression<&str>, shape: &mut Shape) {
    match e {
        Expression::Inline(inline) => walk_inline(inline, shape),
        Expression::Select { selector, variants } => {
            walk_inline(selector, shape);
            if let InlineExpression::VariableReference { id } = selector {
                let keys = shape.selects.entry(id.name.to_owned()).or_default();
                for v in variants {
                    keys.insert(match &v.key {
                        VariantKey::Identifier { name } => (*name).to_owned(),
                        VariantKey::NumberLiteral { value } => (*value).to_owned(),
                    });
                }
            }
            for v in variants {
                walk_pattern(&v.value, shape);
            }
        }
    }
}

fn walk_inline(e: &InlineExpression<&str>, shape: &mut Shape) {
    match e {
        InlineExpression::VariableReference { id } => {
            shape.variables.insert(id.name.to_owned());
        }
        InlineExpression::MessageReference { id, attribute } => {
            shape.references.insert(match attribute {
                Some(a) => format!("{}.{}", id.name, a.name),
                None => id.name.to_owned(),
            });
        }
        InlineExpression::Placeable { expression } => walk_expression(expression, shape),
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                walk_inline(a, shape);
            }
        }
        _ => {}
    }
}

/// Every message and attribute of a catalogue, by key (`id` or `id.attribute`).
fn shapes(code: &str, text: &str) -> BTreeMap<String, Shape> {
    let resource = fluent_syntax::parser::parse(text)
        .unwrap_or_else(|(_, errors)| panic!("locales/{code}/main.ftl does not parse: {errors:?}"));
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        match entry {
            Entry::Message(m) => {
                let mut shape = Shape::default();
                if let Some(value) = &m.value {
                    walk_pattern(value, &mut shape);
                }
                out.insert(m.id.name.to_owned(), shape);
                for a in &m.attributes {
                    let mut shape = Shape::default();
                    walk_pattern(&a.value, &mut shape);
                    out.insert(format!("{}.{}", m.id.name, a.id.name), shape);
                }
            }
            Entry::Junk { content } => panic!("locales/{code}/main.ftl has junk: {content:?}"),
            _ => {}
        }
    }
    out
}

fn rust_sources(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// Every string literal in the code that looks like a catalogue key (`lower-case-words`,
/// optionally `.attribute`).
fn keys_in_code() -> BTreeSet<String> {
    let mut sources = Vec::new();
    rust_sources(&root().join("src"), &mut sources);
    keys_in(sources.iter())
}

fn keys_in<'a>(sources: impl Iterator<Item = &'a (PathBuf, String)>) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for (_, text) in sources {
        for (i, literal) in text.split('"').enumerate() {
            let is_key = i % 2 == 1
                && literal.contains('-')
                && literal.starts_with(|c: char| c.is_ascii_lowercase())
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
            if is_key {
                keys.insert(literal.to_owned());
            }
        }
    }
    keys
}

#[test]
fn there_are_the_six_complete_languages() {
    let codes: Vec<_> = catalogues().into_keys().collect();
    for code in ["en", "es", "pt", "fr", "de", "af"] {
        assert!(
            codes.contains(&code.to_owned()),
            "{code} missing from {codes:?}"
        );
    }
}

#[test]
fn every_language_has_exactly_the_messages_english_has() {
    let all = catalogues();
    let english: BTreeSet<_> = shapes("en", &all["en"]).into_keys().collect();
    for (code, text) in &all {
        let theirs: BTreeSet<_> = shapes(code, text).into_keys().collect();
        let missing: Vec<_> = english.difference(&theirs).collect();
        let extra: Vec<_> = theirs.difference(&english).collect();
        assert!(
            missing.is_empty(),
            "locales/{code}/main.ftl lacks {missing:?}"
        );
        assert!(
            extra.is_empty(),
            "locales/{code}/main.ftl has keys English lacks: {extra:?}"
        );
    }
}

#[test]
fn every_translation_uses_the_placeholders_english_uses_and_no_others() {
    let all = catalogues();
    let english = shapes("en", &all["en"]);
    for (code, text) in &all {
        for (key, shape) in shapes(code, text) {
            let Some(en) = english.get(&key) else {
                continue;
            };
            let invented: Vec<_> = shape.variables.difference(&en.variables).collect();
            let dropped: Vec<_> = en.variables.difference(&shape.variables).collect();
            assert!(
                invented.is_empty(),
                "{code} {key}: unknown placeholders {invented:?}"
            );
            assert!(
                dropped.is_empty(),
                "{code} {key}: lacks placeholders {dropped:?}"
            );
        }
    }
}

/// The plural categories Fluent will pick among for whole numbers in this language.
fn categories(code: &str) -> BTreeSet<String> {
    let rules = PluralRules::create(
        code.parse::<fluent_templates::LanguageIdentifier>()
            .unwrap(),
        PluralRuleType::CARDINAL,
    )
    .unwrap();
    let mut found = BTreeSet::new();
    let samples = (0..=1_000).chain([10_000, 100_000, 1_000_000, 2_000_000, 1_000_000_000]);
    for n in samples {
        let name = match rules.select(n as i64).unwrap() {
            PluralCategory::ZERO => "zero",
            PluralCategory::ONE => "one",
            PluralCategory::TWO => "two",
            PluralCategory::FEW => "few",
            PluralCategory::MANY => "many",
            PluralCategory::OTHER => "other",
        };
        found.insert(name.to_owned());
    }
    found
}

#[test]
fn every_count_shown_chooses_its_plural_form_in_every_language() {
    let mut checked = 0;
    for (code, text) in &catalogues() {
        let wanted = categories(code);
        for (key, shape) in shapes(code, text) {
            for count in COUNTS.iter().filter(|c| shape.variables.contains(**c)) {
                let forms = shape.selects.get(*count).unwrap_or_else(|| {
                    panic!("{code} {key}: ${count} is shown without a plural choice")
                });
                let missing: Vec<_> = wanted.difference(forms).collect();
                assert!(
                    missing.is_empty(),
                    "{code} {key}: no [{missing:?}] form for ${count}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 3 * 6, "only {checked} counted messages found");
}

#[test]
fn the_code_passes_every_count_as_a_number_fluent_can_pluralise() {
    let mut sources = Vec::new();
    rust_sources(&root().join("src/domain/texts"), &mut sources);
    let texts: String = sources.into_iter().map(|(_, text)| text).collect();
    let mut names = Vec::new();
    let mut rest = texts.as_str();
    while let Some(at) = rest.find("Arg::Count(") {
        let before = &rest[..at];
        let open = before
            .rfind("(\"")
            .expect("a count is passed as (\"name\", Arg::Count(n))");
        names.push(before[open + 2..].split('"').next().unwrap().to_owned());
        rest = &rest[at + 1..];
    }
    assert!(names.len() >= 3, "the texts pass {names:?}");
    for name in names {
        assert!(
            COUNTS.contains(&name.as_str()),
            "the count ${name} is not in COUNTS"
        );
    }
}

#[test]
fn no_catalogue_message_is_unused_and_every_key_the_code_names_exists() {
    let all = catalogues();
    let english = shapes("en", &all["en"]);
    let in_code = keys_in_code();
    let referenced: BTreeSet<String> = english
        .values()
        .flat_map(|s| s.references.iter().cloned())
        .collect();
    let unused: Vec<_> = english
        .keys()
        .filter(|k| !in_code.contains(*k) && !referenced.contains(*k))
        .collect();
    assert!(unused.is_empty(), "messages no code uses: {unused:?}");
    let mut texts = Vec::new();
    rust_sources(&root().join("src/domain"), &mut texts);
    let in_texts = root().join("src/domain/texts");
    let named = keys_in(
        texts
            .iter()
            .filter(|(p, _)| p.starts_with(&in_texts) || p.ends_with("lang.rs")),
    );
    let unknown: Vec<_> = named.iter().filter(|k| !english.contains_key(*k)).collect();
    assert!(
        unknown.is_empty(),
        "keys the code names that English lacks: {unknown:?}"
    );
}
