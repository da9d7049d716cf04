//! Compiles the default rule pack (`rules/default/`) at build time and embeds
//! it: `candor::pack::builtin()` reads it back in a few milliseconds instead
//! of parsing and compiling the pack's TOML at every start-up.
//!
//! The snapshot is `candor_pack::pack::Pack` in postcard's encoding, written
//! by the same `candor-pack` crate that candor links, so its layout always
//! matches what reads it.

use std::path::Path;
use std::{env, fs};

use candor_pack::pack::Pack;

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("rules/default");
    println!("cargo:rerun-if-changed={}", dir.display());
    for entry in fs::read_dir(&dir).unwrap().flatten() {
        println!("cargo:rerun-if-changed={}", entry.path().display());
    }
    // `candor-pack` embeds the same files (its build script reads this
    // folder), so its built-in pack is what is compiled here.
    let pack = match Pack::compile_builtin() {
        Ok(pack) => pack,
        Err(e) => {
            // `candor rules check rules/default` shows these with context.
            for d in &e.diagnostics {
                println!(
                    "cargo:warning={}:{}: {}",
                    d.file.display(),
                    d.line,
                    d.message
                );
            }
            panic!("the default pack in rules/default does not compile");
        }
    };
    let bytes = postcard::to_stdvec(&pack).expect("a pack serializes");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("default-pack.postcard");
    fs::write(dest, bytes).unwrap();
}
