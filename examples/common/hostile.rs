//! Hostile inputs: the shapes that once made a stage quadratic, generated
//! at any size, deterministically. `tests/hostile.rs` runs each under a
//! time bound; `benches/hostile.rs` prints time and memory per MB.

use std::path::Path;

use super::rng::Rng;

/// A family of hostile transcripts.
#[derive(Clone, Copy, Debug)]
pub enum Family {
    /// One answer on one line, without a sentence end.
    LongLine,
    /// Unlabelled question lines, one after another.
    QuestionLines,
    /// `we track velocity but ` again and again: one long contrast chain.
    ButChain,
    /// `we used to track velocity. ` again and again: past practices, each
    /// a candidate to be superseded by a later one.
    UsedToChain,
    /// One paragraph of prose without speakers, sentence ends or a word that
    /// names a question: read sentence by sentence for its topic.
    CuelessProse,
    /// Prose that cues no question but speaks of software work, every
    /// sentence a word that leans to one question: read for the question
    /// its evidence weighs most for.
    LeaningProse,
}

pub const FAMILIES: [Family; 6] = [
    Family::LongLine,
    Family::QuestionLines,
    Family::ButChain,
    Family::UsedToChain,
    Family::CuelessProse,
    Family::LeaningProse,
];

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::LongLine => "one long line",
            Family::QuestionLines => "question lines",
            Family::ButChain => "\"but\" chain",
            Family::UsedToChain => "\"used to\" chain",
            Family::CuelessProse => "prose naming no topic",
            Family::LeaningProse => "prose of lean words",
        }
    }

    /// A transcript of this family of about `bytes` bytes.
    pub fn generate(self, bytes: usize) -> String {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut out = String::with_capacity(bytes + 64);
        match self {
            Family::LongLine => {
                const WORDS: &[&str] = &[
                    "we",
                    "track",
                    "velocity",
                    "and",
                    "our",
                    "tech",
                    "debt",
                    "is",
                    "about",
                    "twenty",
                    "percent",
                    "of",
                    "each",
                    "sprint",
                    "the",
                    "on",
                    "call",
                    "rota",
                    "weekly",
                    "with",
                    "paid",
                    "time",
                    "off",
                    "after",
                    "incidents",
                ];
                out.push_str("CTO:");
                while out.len() < bytes {
                    out.push(' ');
                    out.push_str(rng.pick::<&str>(WORDS));
                }
            }
            Family::QuestionLines => {
                const QUESTIONS: &[&str] = &[
                    "How do you balance features and tech debt?",
                    "What happens when production goes down at 3 AM?",
                    "How do you measure engineering success?",
                    "Do you invest in learning?",
                ];
                while out.len() < bytes {
                    out.push_str(rng.pick::<&str>(QUESTIONS));
                    out.push('\n');
                }
            }
            Family::ButChain => repeat(&mut out, "CTO: ", "we track velocity but ", bytes),
            Family::UsedToChain => repeat(&mut out, "CTO: ", "we used to track velocity. ", bytes),
            Family::CuelessProse => repeat(
                &mut out,
                "",
                "the cat sat on a mat and then ran off ",
                bytes,
            ),
            Family::LeaningProse => repeat(&mut out, "", "escalation in the code. ", bytes),
        }
        out.push('\n');
        out
    }
}

fn repeat(out: &mut String, head: &str, unit: &str, bytes: usize) {
    out.push_str(head);
    while out.len() < bytes {
        out.push_str(unit);
    }
}

/// Writes into `dir` the `mini` test pack with one more rule of `phrases`
/// distinct made-up phrases of one to four words.
pub fn huge_pack(mini: &Path, dir: &Path, phrases: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for entry in std::fs::read_dir(mini)? {
        let path = entry?.path();
        if let Some(name) = path.file_name() {
            std::fs::copy(&path, dir.join(name))?;
        }
    }
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut word = || {
        let len = 3 + rng.next() % 7;
        (0..len)
            .map(|_| char::from(b'a' + (rng.next() % 26) as u8))
            .collect::<String>()
    };
    let vocabulary: Vec<String> = (0..phrases / 4 + 10).map(|_| word()).collect();
    let mut seen = std::collections::HashSet::new();
    let mut rule = String::from(
        "\n[[rule]]\nid = \"huge\"\nsignal = \"green\"\nweight = 1.0\nmessage = \"Huge.\"\nphrases = [\n",
    );
    let mut rng = Rng(0x5851_f42d_4c95_7f2d);
    while seen.len() < phrases {
        let n = 1 + rng.next() % 4;
        let phrase: Vec<&str> = (0..n).map(|_| rng.pick(&vocabulary).as_str()).collect();
        let phrase = phrase.join(" ");
        if seen.insert(phrase.clone()) {
            rule.push_str(&format!("  \"{phrase}\",\n"));
        }
    }
    rule.push_str("]\n");
    let debt = dir.join("debt.toml");
    let mut text = std::fs::read_to_string(&debt)?;
    text.push_str(&rule);
    std::fs::write(debt, text)
}
