//! Rebuilds when a catalogue is added or changed: the catalogues under `locales/` are
//! embedded at compile time, and a new language folder must be picked up without touching
//! any Rust file.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
