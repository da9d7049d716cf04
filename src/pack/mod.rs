//! Rule packs: everything of [`candor_pack::pack`], the default pack compiled
//! at build time ([`builtin`]), and `rules check`'s lints.

pub mod lint;

pub use candor_pack::pack::*;

/// The default pack, compiled by `build.rs` from `rules/default/` and
/// serialized with postcard.
static BUILTIN_SNAPSHOT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/default-pack.postcard"));

/// The default pack embedded in the binary, as `rules/default/` compiles.
///
/// It was compiled when candor was built; reading it back takes a few
/// milliseconds where compiling the pack's TOML takes tens.
pub fn builtin() -> Pack {
    postcard::from_bytes(BUILTIN_SNAPSHOT)
        .expect("the snapshot was written by this build of the same crate")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.to_string(),
        }
    }

    /// The pack read back scores as the pack compiled: the same report,
    /// to the byte, for every file of `corpus/` (the snapshot leaves out what only building uses; this catches a
    /// field left out that scoring needs).
    #[test]
    fn the_snapshot_scores_as_the_pack_compiled() {
        use crate::batch::{inputs, score_input, WalkOptions};
        use crate::{Engine, ReadOptions};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (files, errors) = inputs(&[root.join("corpus")], &WalkOptions::default());
        assert!(errors.is_empty() && files.len() > 40, "{}", files.len());
        let compiled = Engine::new(&Pack::compile_builtin().unwrap());
        let snapshot = Engine::new(&builtin());
        let json = |engine: &Engine, input| {
            let scored = score_input(engine, input, &ReadOptions::default(), u64::MAX);
            scored.map(|(report, _)| serde_json::to_string(&report).unwrap())
        };
        for input in &files {
            assert_eq!(json(&compiled, input), json(&snapshot, input), "{input:?}");
        }
    }

    /// The snapshot is the pack as it compiles now, byte for byte.
    #[test]
    fn the_snapshot_is_the_pack_compiled() {
        let compiled = Pack::compile_builtin().unwrap();
        let bytes = postcard::to_stdvec(&compiled).unwrap();
        assert!(bytes == BUILTIN_SNAPSHOT, "build.rs and the pack disagree");
    }

    #[test]
    fn a_later_layer_adds_to_a_concept_without_copying_it() {
        let concepts = "[concepts]\nslot = [\"fix-it day\"]\n";
        let question = "[question]\nid = \"q\"\nnumber = 1\ncategory = \"c\"\ntext = \"Q?\"\ncues = [\"cue\"]\n\n[[rule]]\nid = \"r\"\nsignal = \"green\"\nmatch = [\"{slot} ~3 debt\"]\nmessage = \"m\"\n";
        let base = vec![
            file(
                "a/pack.toml",
                "[pack]\nname = \"t\"\n\n[[category]]\nid = \"c\"\nlabel = \"C\"\ngoal = \"g\"\n",
            ),
            file("a/concepts.toml", concepts),
            file("a/q.toml", question),
        ];
        let more = "[concepts]\nslot = [\"hack week\"]\n";
        let layer = vec![file("b/concepts.toml", more)];
        let hits = |pack: Pack, text: &str| !crate::scan::Engine::from(pack).scan(text).is_empty();
        let base_only = Pack::from_layers(std::slice::from_ref(&base)).unwrap();
        assert!(!hits(base_only, "A hack week for debt."));
        let layered = Pack::from_layers(&[base.clone(), layer]).unwrap();
        let slot = layered.concepts.iter().find(|c| c.name == "slot").unwrap();
        assert_eq!(slot.entries.len(), 2, "the entries of both layers");
        assert!(hits(layered.clone(), "A hack week for debt."));
        assert!(hits(layered, "A fix-it day for debt."));
    }
}
