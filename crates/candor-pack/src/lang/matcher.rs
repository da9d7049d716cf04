//! The compiled matcher: every expression of a pack (rules, concepts,
//! markers, cues) as one graph of nodes over one vocabulary, with a trigger
//! table that says, for each word, which expressions could match where it
//! occurs.
//!
//! Matching is per sentence. The tokeniser gives every token its word id;
//! the words of a sentence pick the *targets* whose rarest required word
//! they are ([`Matcher::candidates`]), and only those are evaluated. A node
//! evaluates to the spans it matches in the sentence (token index ranges);
//! concepts are evaluated once per sentence and shared. A target's evidence
//! (the tokens it matched, without the gaps of `~N`) is found only for the
//! span that is reported ([`Matcher::witness`]).
//!
//! Everything is bounded by the sentence, whose length the tokeniser caps,
//! so scanning is linear in the text whatever its shape.

use std::ops::Range;
use std::rc::Rc;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use super::expr::{Expr, Span as Column, MAX_GAP};
use super::fold::fold;
use super::token::{self, flag, short_key, Lookup, Token, Tokens, NONE};

/// A match: a half-open range of token indices.
pub type Span = (u32, u32);

/// The spans a node matches in a sentence: most often none, one or two.
pub type Spans = SmallVec<[Span; 4]>;

/// Where an expression came from, for errors: the caller's own number.
pub type Origin = u32;

/// A compile error in an expression: where, and what.
#[derive(Clone, Debug, PartialEq)]
pub struct CompileError {
    pub origin: Origin,
    pub at: Column,
    pub kind: CompileErrorKind,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompileErrorKind {
    UnknownConcept,
    ConceptCycle,
    NoWords,
}

#[derive(Clone, Debug)]
enum Node {
    /// A phrase: a sequence of keys found by the one pass over a sentence.
    Leaf(u32),
    Seq(Box<[Step]>),
    /// Alternatives: phrases (sorted ids), and other nodes.
    Alt(Box<[u32]>, Box<[u32]>),
    All(Box<[u32]>),
    /// A concept: its index (for the per-sentence memo) and its body.
    Concept(u32, u32),
    /// The start (`false`) or the end (`true`) of the sentence: a match of
    /// no width.
    Anchor(bool),
}

/// A [`Node`] of a built matcher, its lists as ranges of [`Nodes`]'s
/// `steps` (a sequence) or `refs` (an alternative's phrases then its other
/// nodes, or the items of an `&`).
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
enum Flat {
    Leaf(u32),
    Seq(u32, u32),
    Alt(u32, u32, u32),
    All(u32, u32),
    Concept(u32, u32),
    Anchor(bool),
}

/// The nodes of a built matcher: each [`Node`] as a [`Flat`], its lists in
/// one array of steps and one of node and phrase numbers, read back from a
/// snapshot in three allocations rather than one a node.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Nodes {
    flat: Box<[Flat]>,
    steps: Box<[Step]>,
    refs: Box<[u32]>,
}

impl Nodes {
    fn from(nodes: &[Node]) -> Nodes {
        /// Appends `items` to `to` and says where they end.
        fn add<T: Copy>(to: &mut Vec<T>, items: &[T]) -> u32 {
            to.extend_from_slice(items);
            to.len() as u32
        }
        let mut steps: Vec<Step> = Vec::new();
        let mut refs: Vec<u32> = Vec::new();
        let flat = nodes
            .iter()
            .map(|node| match node {
                Node::Leaf(p) => Flat::Leaf(*p),
                Node::Seq(seq) => Flat::Seq(steps.len() as u32, add(&mut steps, seq)),
                Node::Alt(leaves, others) => {
                    let from = refs.len() as u32;
                    let mid = add(&mut refs, leaves);
                    Flat::Alt(from, mid, add(&mut refs, others))
                }
                Node::All(items) => Flat::All(refs.len() as u32, add(&mut refs, items)),
                Node::Concept(c, body) => Flat::Concept(*c, *body),
                Node::Anchor(end) => Flat::Anchor(*end),
            })
            .collect();
        Nodes {
            flat,
            steps: steps.into(),
            refs: refs.into(),
        }
    }

    fn len(&self) -> usize {
        self.flat.len()
    }

    #[inline(always)]
    fn get(&self, n: u32) -> NodeRef<'_> {
        let range = |a: u32, b: u32| a as usize..b as usize;
        match self.flat[n as usize] {
            Flat::Leaf(p) => NodeRef::Leaf(p),
            Flat::Seq(a, b) => NodeRef::Seq(&self.steps[range(a, b)]),
            Flat::Alt(a, b, c) => NodeRef::Alt(&self.refs[range(a, b)], &self.refs[range(b, c)]),
            Flat::All(a, b) => NodeRef::All(&self.refs[range(a, b)]),
            Flat::Concept(c, body) => NodeRef::Concept(c, body),
            Flat::Anchor(end) => NodeRef::Anchor(end),
        }
    }
}

/// A node of a built matcher with its lists, as [`Node`] holds them.
enum NodeRef<'a> {
    Leaf(u32),
    Seq(&'a [Step]),
    Alt(&'a [u32], &'a [u32]),
    All(&'a [u32]),
    Concept(u32, u32),
    Anchor(bool),
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct Step {
    node: u32,
    gap: u16,
    optional: bool,
}

/// What one token must be: a folded word id, an exact form (`EXACT` set),
/// or any number.
type Key = u32;
const EXACT: Key = 1 << 31;
const NUMBER: Key = u32::MAX - 1;

/// Marks a concept among the atoms of a requirement set.
const CONCEPT_ATOM: u32 = 1 << 31;

/// Every phrase of the pack in one trie over keys, walked once per sentence.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Phrases {
    /// Transitions: `(state << 32) | key` to the next state. State 0 is the
    /// root. Only for building: [`Phrases::finish`] lays them out in
    /// `children`, and a matcher read back from a snapshot has none.
    #[serde(skip)]
    edges: FxHashMap<u64, u32>,
    /// Per state: the phrase that ends there, or `NONE`.
    accept: Vec<u32>,
    /// Per phrase: its length in tokens.
    lens: Vec<u32>,
    /// Per phrase: its keys (for choosing triggers; only for building).
    #[serde(skip)]
    keys: Vec<Box<[Key]>>,
    /// Transitions from the root for folded word ids: the first step of
    /// every walk, an array access instead of a hash lookup.
    root: Vec<u32>,
    /// The same for exact forms, by exact id: common words ("was", "is")
    /// have exact forms, so this is no rare step either.
    root_exact: Vec<u32>,
    /// Every state's transitions, sorted by key, as one array: state `s`
    /// has `children[starts[s]..starts[s + 1]]`. Most states have one or
    /// two, so a short search beats a hash.
    starts: Vec<u32>,
    children: Vec<(Key, u32)>,
}

impl Phrases {
    fn insert(&mut self, keys: &[Key]) -> u32 {
        if self.accept.is_empty() {
            self.accept.push(NONE);
        }
        let mut state = 0u32;
        for &k in keys {
            let edge = (u64::from(state) << 32) | u64::from(k);
            state = match self.edges.get(&edge) {
                Some(&next) => next,
                None => {
                    let next = self.accept.len() as u32;
                    self.accept.push(NONE);
                    self.edges.insert(edge, next);
                    next
                }
            };
        }
        if self.accept[state as usize] == NONE {
            self.accept[state as usize] = self.lens.len() as u32;
            self.lens.push(keys.len() as u32);
            self.keys.push(keys.into());
        }
        self.accept[state as usize]
    }

    #[inline]
    fn next(&self, state: u32, key: Key) -> Option<u32> {
        if state == 0 && key < EXACT {
            return self.root.get(key as usize).copied().filter(|&s| s != NONE);
        }
        if state == 0 && key != NUMBER {
            let exact = (key & !EXACT) as usize;
            return self.root_exact.get(exact).copied().filter(|&s| s != NONE);
        }
        let (a, b) = (
            self.starts[state as usize] as usize,
            self.starts[state as usize + 1] as usize,
        );
        let children = &self.children[a..b];
        if children.len() <= 8 {
            children.iter().find(|c| c.0 == key).map(|c| c.1)
        } else {
            children
                .binary_search_by_key(&key, |c| c.0)
                .ok()
                .map(|i| children[i].1)
        }
    }

    /// Lays the transitions out for walking; call once all phrases are in.
    fn finish(&mut self, words: usize, exact: usize) {
        self.root = vec![NONE; words];
        self.root_exact = vec![NONE; exact];
        let states = self.accept.len();
        let mut edges: Vec<(u32, Key, u32)> = self
            .edges
            .iter()
            .map(|(&edge, &next)| ((edge >> 32) as u32, edge as u32, next))
            .collect();
        edges.sort_unstable();
        self.starts = vec![0; states + 1];
        self.children = Vec::with_capacity(edges.len());
        let mut e = 0;
        for state in 0..states {
            self.starts[state] = self.children.len() as u32;
            while e < edges.len() && edges[e].0 as usize == state {
                let (_, key, next) = edges[e];
                if state == 0 && key < EXACT && (key as usize) < words {
                    self.root[key as usize] = next;
                }
                if state == 0 && key >= EXACT && key != NUMBER {
                    self.root_exact[(key & !EXACT) as usize] = next;
                }
                self.children.push((key, next));
                e += 1;
            }
        }
        self.starts[states] = self.children.len() as u32;
    }

    /// Appends every phrase occurring in `tokens[range]`, `(phrase, start)`,
    /// in order of start.
    fn find(&self, tokens: &[Token], range: Range<usize>, out: &mut Vec<(u32, u32)>) {
        if self.accept.is_empty() {
            return;
        }
        for i in range.clone() {
            let from = out.len();
            self.find_at(tokens, i, range.end, out);
            // A phrase reached twice from one start (by a word's folded and
            // its exact form) is kept once.
            if out.len() - from > 1 {
                let mut k = from;
                for j in from..out.len() {
                    if !out[from..k].contains(&out[j]) {
                        out[k] = out[j];
                        k += 1;
                    }
                }
                out.truncate(k);
            }
        }
    }

    /// Appends the phrases starting at token `i`, up to `end`.
    ///
    /// A plain loop down the trie by each token's folded word; a token
    /// with other keys too (an exact form, a number) branches off by them
    /// only where the trie has such keys, which is rare past the root.
    #[inline]
    fn find_at(&self, tokens: &[Token], i: usize, end: usize, out: &mut Vec<(u32, u32)>) {
        let t = &tokens[i];
        let other_keys = |t: &Token| t.exact != NONE || t.is(flag::NUMBER);
        if other_keys(t) {
            self.branch(tokens, i, end, 0, i, out);
        }
        let Some(&first) = self.root.get(t.word as usize) else {
            return;
        };
        let mut state = first;
        let mut j = i;
        while state != NONE {
            let phrase = self.accept[state as usize];
            if phrase != NONE {
                out.push((phrase, i as u32));
            }
            let (a, b) = (self.starts[state as usize], self.starts[state as usize + 1]);
            j += 1;
            if a == b || j >= end {
                break;
            }
            let next = &tokens[j];
            if next.is(flag::CLAUSE) {
                // A phrase does not run across a comma, dash or bracket.
                break;
            }
            // Keys sort exact forms and numbers after every folded word.
            if other_keys(next) && self.children[b as usize - 1].0 >= EXACT {
                self.branch(tokens, j, end, state, i, out);
            }
            state = self.next(state, next.word).unwrap_or(NONE);
        }
    }

    /// From `state`, the walks that take token `at` by its exact form or as
    /// a number (its folded word is the caller's).
    fn branch(
        &self,
        tokens: &[Token],
        at: usize,
        end: usize,
        state: u32,
        start: usize,
        out: &mut Vec<(u32, u32)>,
    ) {
        let t = &tokens[at];
        if t.exact != NONE {
            self.step(tokens, at, end, state, t.exact | EXACT, start, out);
        }
        if t.is(flag::NUMBER) {
            self.step(tokens, at, end, state, NUMBER, start, out);
        }
    }

    /// From `state`, the walk that takes token `at` by `key`, if the trie
    /// has it, and on from there by every key of each token after it.
    #[allow(clippy::too_many_arguments)]
    fn step(
        &self,
        tokens: &[Token],
        at: usize,
        end: usize,
        state: u32,
        key: Key,
        start: usize,
        out: &mut Vec<(u32, u32)>,
    ) {
        if let Some(next) = self.next(state, key) {
            let phrase = self.accept[next as usize];
            if phrase != NONE {
                out.push((phrase, start as u32));
            }
            self.walk(tokens, at + 1, end, next, start, out);
        }
    }

    /// From `state`, every walk that takes token `at` by one of its keys.
    fn walk(
        &self,
        tokens: &[Token],
        at: usize,
        end: usize,
        state: u32,
        start: usize,
        out: &mut Vec<(u32, u32)>,
    ) {
        if at >= end {
            return;
        }
        let t = &tokens[at];
        if state != 0 && t.is(flag::CLAUSE) {
            return;
        }
        if t.word != NONE {
            self.step(tokens, at, end, state, t.word, start, out);
        }
        self.branch(tokens, at, end, state, start, out);
    }
}

/// The words a pack's expressions are written in.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Vocabulary {
    /// Every form written in the pack: its folded id and exact id.
    surface: FxHashMap<Box<str>, (u32, u32)>,
    folded: FxHashMap<Box<str>, u32>,
    /// Folded keys by id, and exact forms: only for building (a matcher
    /// read back from a snapshot has neither).
    #[serde(skip)]
    names: Vec<Box<str>>,
    #[serde(skip)]
    exact: FxHashMap<Box<str>, u32>,
}

impl Lookup for Vocabulary {
    fn lookup(&self, word: &str) -> (u32, u32) {
        if let Some(&ids) = self.surface.get(word) {
            return ids;
        }
        if self.folded.is_empty() {
            return (NONE, NONE);
        }
        (
            self.folded
                .get(fold(word).as_str())
                .copied()
                .unwrap_or(NONE),
            NONE,
        )
    }
}

impl Vocabulary {
    fn folded_id(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.folded.get(key) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(key.into());
        self.folded.insert(key.into(), id);
        id
    }

    fn exact_id(&mut self, form: &str) -> u32 {
        let n = self.exact.len() as u32;
        *self.exact.entry(form.into()).or_insert(n)
    }

    /// The number of distinct folded words.
    pub fn len(&self) -> usize {
        self.folded.len()
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }
}

/// A lookup that remembers the words it has seen, found or not: text
/// repeats its words, and folding an unknown word costs more than a hash.
struct Cached<'a> {
    vocab: &'a Vocabulary,
    cache: std::cell::RefCell<&'a mut WordCache>,
}

/// The words a thread has looked up, with their ids. Most words are short:
/// those are keyed by their bytes in one number, so that finding one reads
/// the table alone, with no pointer to follow and no `memcmp` to call.
#[derive(Debug, Default)]
struct WordCache {
    short: FxHashMap<u128, (u32, u32)>,
    long: FxHashMap<Box<str>, (u32, u32)>,
}

/// The most words a thread remembers before it starts over.
const CACHE_WORDS: usize = 100_000;

impl WordCache {
    /// Starts over from `vocab`'s written forms.
    fn reset(&mut self, vocab: &Vocabulary) {
        self.short.clear();
        self.long.clear();
        for (word, &ids) in &vocab.surface {
            self.insert(word, ids);
        }
    }

    #[inline]
    fn get(&self, word: &str) -> Option<(u32, u32)> {
        match short_key(word) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(word).copied(),
        }
    }

    fn insert(&mut self, word: &str, ids: (u32, u32)) {
        match short_key(word) {
            Some(key) => self.short.insert(key, ids),
            None => self.long.insert(word.into(), ids),
        };
    }

    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
}

impl Lookup for Cached<'_> {
    fn lookup(&self, word: &str) -> (u32, u32) {
        let mut cache = self.cache.borrow_mut();
        if let Some(ids) = cache.get(word) {
            return ids;
        }
        let ids = self.vocab.lookup(word);
        if cache.len() >= CACHE_WORDS {
            cache.reset(self.vocab);
        }
        cache.insert(word, ids);
        ids
    }

    #[inline]
    fn seen(&self, key: u128) -> Option<(u32, u32)> {
        self.cache.borrow().short.get(&key).copied()
    }
}

/// What a group of targets is for; each group has its own trigger table.
pub type Group = usize;

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Target {
    node: u32,
    owner: u32,
}

/// A requirement as a trigger table keeps it: a requirement set of one
/// atom as that atom's number ([`atom_number`]), looked up directly; a
/// larger one as `SET | id`.
const SET: u32 = 1 << 30;

/// An atom's number in a built matcher: a phrase's own, a concept's after
/// every phrase's. Whether a sentence has it is then one lookup in one
/// table ([`Scratch::atom_seen`]), whichever it is.
fn atom_number(atom: u32, phrases: usize) -> u32 {
    if atom & CONCEPT_ATOM != 0 {
        phrases as u32 + (atom & !CONCEPT_ATOM)
    } else {
        atom
    }
}

/// No requirement: the target needs nothing but its trigger.
const NO_REQUIREMENT: u32 = u32::MAX;

/// Requirement sets, each stored once, by their atoms.
#[derive(Default)]
struct SetTable {
    ids: FxHashMap<Vec<u32>, u32>,
    sets: Vec<Box<[u32]>>,
}

impl SetTable {
    fn intern(&mut self, atoms: Vec<u32>) -> u32 {
        let next = self.sets.len() as u32;
        let sets = &mut self.sets;
        *self.ids.entry(atoms).or_insert_with_key(|atoms| {
            sets.push(atoms.as_slice().into());
            next
        })
    }
}

/// What [`Builder::build`] works out once per node or phrase.
struct Memo {
    /// Per node: the phrases one of which must occur for it to match.
    required: Vec<Option<Rc<[u32]>>>,
    /// Per node: the summed cost of those phrases.
    weight: Vec<Option<u64>>,
    /// Per phrase: how often it is expected ([`Builder::cost`]).
    cost: Vec<u64>,
    /// Per node: whether every match has one of its required phrases.
    complete: Vec<Option<bool>>,
}

/// Builds a [`Matcher`].
#[derive(Default)]
pub struct Builder {
    vocab: Vocabulary,
    phrases: Phrases,
    nodes: Vec<Node>,
    concepts: Vec<ConceptSlot>,
    concept_index: FxHashMap<String, usize>,
    groups: Vec<Vec<Target>>,
    errors: Vec<CompileError>,
    /// Frequency per million of folded keys, for choosing triggers.
    frequency: FxHashMap<String, u32>,
    /// The node compiled for each written text (and exactness): the same
    /// words recur across a pack's expressions.
    words_memo: FxHashMap<(Box<str>, bool), u32>,
}

struct ConceptSlot {
    name: String,
    entries: Vec<(Expr, Origin)>,
    state: ConceptState,
    used: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum ConceptState {
    Pending,
    Compiling,
    Done(u32),
}

/// How often the most frequent words occur (`frequent.txt`).
const FREQUENT: &str = include_str!("frequent.txt");

/// The frequency given to words not in `frequent.txt`, per million.
const RARE: u32 = 100;
/// The frequency given to "any number".
const NUMBER_FREQUENCY: u32 = 3_000;
/// Hyphenated runs in one phrase beyond which no joined spellings are added.
pub(crate) const MAX_JOINED_RUNS: usize = 4;

impl Builder {
    pub fn new(groups: usize) -> Builder {
        let mut frequency = FxHashMap::default();
        for line in FREQUENT.lines().filter(|l| !l.starts_with('#')) {
            if let Some((w, n)) = line.split_once(' ') {
                if let Ok(n) = n.parse::<u32>() {
                    *frequency.entry(fold(w)).or_insert(0) += n;
                }
            }
        }
        Builder {
            groups: vec![Vec::new(); groups],
            frequency,
            ..Builder::default()
        }
    }

    /// Defines concept `name` as the alternatives `entries`; later
    /// definitions of the same name add entries. Define every concept
    /// before adding targets.
    pub fn define(&mut self, name: &str, entries: Vec<(Expr, Origin)>) {
        match self.concept_index.get(name) {
            Some(&i) => self.concepts[i].entries.extend(entries),
            None => {
                self.concept_index
                    .insert(name.to_string(), self.concepts.len());
                self.concepts.push(ConceptSlot {
                    name: name.to_string(),
                    entries,
                    state: ConceptState::Pending,
                    used: false,
                });
            }
        }
    }

    /// Whether concept `name` is defined.
    pub fn is_defined(&self, name: &str) -> bool {
        self.concept_index.contains_key(name)
    }

    /// How many targets `group` has so far: the number the next one added
    /// gets.
    pub fn count(&self, group: Group) -> u32 {
        self.groups[group].len() as u32
    }

    /// Adds `expr` as a target of `group` owned by `owner`; `None` if it
    /// does not compile (the error is kept for [`Builder::build`]).
    pub fn add(&mut self, group: Group, owner: u32, expr: &Expr, origin: Origin) -> Option<u32> {
        let before = self.errors.len();
        let node = self.compile(expr, origin);
        if self.errors.len() > before {
            return None;
        }
        // Each alternative is a target of its own: it waits for its own
        // rarest phrase, and is evaluated only where all it needs occurs.
        let mut alternatives = Vec::new();
        self.alternatives(node, &mut alternatives);
        let targets = &mut self.groups[group];
        for node in alternatives {
            targets.push(Target { node, owner });
        }
        Some(targets.len() as u32 - 1)
    }

    /// The alternatives of `node`, through concepts and `|`.
    fn alternatives(&mut self, node: u32, out: &mut Vec<u32>) {
        match &self.nodes[node as usize] {
            Node::Concept(_, body) => {
                let body = *body;
                self.alternatives(body, out)
            }
            Node::Alt(leaves, others) => {
                let (leaves, others) = (leaves.clone(), others.clone());
                for &p in leaves.iter() {
                    let leaf = self.node(Node::Leaf(p));
                    out.push(leaf);
                }
                for &o in others.iter() {
                    self.alternatives(o, out);
                }
            }
            _ => out.push(node),
        }
    }

    /// Compiles every concept not used yet, so its errors are reported;
    /// returns the names of those no expression used.
    pub fn unused_concepts(&mut self) -> Vec<String> {
        let unused: Vec<usize> = (0..self.concepts.len())
            .filter(|&i| !self.concepts[i].used)
            .collect();
        for &i in &unused {
            self.concept_node(i, 0, Column::default());
        }
        // The concepts that a used concept names: used through it.
        let mut named = std::collections::HashSet::new();
        for c in self.concepts.iter().filter(|c| c.used) {
            for (e, _) in &c.entries {
                concepts_named(e, &mut named);
            }
        }
        unused
            .iter()
            .map(|&i| &self.concepts[i].name)
            .filter(|name| !named.contains(name.as_str()))
            .cloned()
            .collect()
    }

    fn node(&mut self, node: Node) -> u32 {
        self.nodes.push(node);
        self.nodes.len() as u32 - 1
    }

    fn compile(&mut self, expr: &Expr, origin: Origin) -> u32 {
        match expr {
            Expr::Words { text, exact, at } => self.words(text, *exact, origin, *at),
            Expr::Anchor { end, .. } => self.node(Node::Anchor(*end)),
            Expr::Concept { name, at } => match self.concept_index.get(name) {
                Some(&i) => self.concept_node(i, origin, *at),
                None if name == "number" => {
                    let p = self.phrases.insert(&[NUMBER]);
                    self.node(Node::Leaf(p))
                }
                None => {
                    let mut message = format!("unknown concept `{{{name}}}`");
                    if let Some(best) = closest(name, self.concept_index.keys()) {
                        message.push_str(&format!("; did you mean `{{{best}}}`?"));
                    }
                    self.errors.push(CompileError {
                        origin,
                        at: *at,
                        kind: CompileErrorKind::UnknownConcept,
                        message,
                    });
                    self.empty()
                }
            },
            Expr::Seq(steps) => {
                let mut out: Vec<Step> = Vec::new();
                for s in steps {
                    let node = self.compile(&s.expr, origin);
                    // Words right after words are one longer phrase.
                    if let (Some(last), Node::Leaf(b)) =
                        (out.last_mut(), &self.nodes[node as usize])
                    {
                        if let Node::Leaf(a) = self.nodes[last.node as usize] {
                            if !s.near && !s.optional && !last.optional {
                                let mut keys = self.phrases.keys[a as usize].to_vec();
                                keys.extend_from_slice(&self.phrases.keys[*b as usize]);
                                let p = self.phrases.insert(&keys);
                                last.node = self.node(Node::Leaf(p));
                                continue;
                            }
                        }
                    }
                    out.push(Step {
                        node,
                        gap: s.gap,
                        optional: s.optional,
                    });
                }
                if out.len() == 1 && !out[0].optional {
                    return out[0].node;
                }
                self.node(Node::Seq(out.into()))
            }
            Expr::Alt(items) => {
                let items: Vec<u32> = items.iter().map(|e| self.compile(e, origin)).collect();
                self.alt(&items)
            }
            Expr::All(items) => {
                let items = items.iter().map(|e| self.compile(e, origin)).collect();
                self.node(Node::All(items))
            }
        }
    }

    fn concept_node(&mut self, i: usize, origin: Origin, at: Column) -> u32 {
        self.concepts[i].used = true;
        match self.concepts[i].state {
            ConceptState::Done(node) => node,
            ConceptState::Compiling => {
                let name = self.concepts[i].name.clone();
                self.errors.push(CompileError {
                    origin,
                    at,
                    kind: CompileErrorKind::ConceptCycle,
                    message: format!("concept `{{{name}}}` refers to itself"),
                });
                self.empty()
            }
            ConceptState::Pending => {
                self.concepts[i].state = ConceptState::Compiling;
                let entries = std::mem::take(&mut self.concepts[i].entries);
                let mut items: Vec<u32> = entries
                    .iter()
                    .map(|(e, origin)| self.compile(e, *origin))
                    .collect();
                if self.concepts[i].name == "number" {
                    let p = self.phrases.insert(&[NUMBER]);
                    items.push(self.node(Node::Leaf(p)));
                }
                self.concepts[i].entries = entries;
                let body = self.alt(&items);
                let node = self.node(Node::Concept(i as u32, body));
                self.concepts[i].state = ConceptState::Done(node);
                node
            }
        }
    }

    /// Words as written: tokenised like text, each hyphenated run also
    /// matching as one word (`post-mortem` = `postmortem`); one phrase per
    /// spelling.
    fn words(&mut self, text: &str, exact: bool, origin: Origin, at: Column) -> u32 {
        if let Some(&node) = self.words_memo.get(&(text.into(), exact)) {
            return node;
        }
        let mut tokens = Tokens::default();
        let collect = Collect::default();
        token::tokenize(text, &collect, &mut tokens);
        let words = collect.words.into_inner();
        if words.is_empty() {
            self.errors.push(CompileError {
                origin,
                at,
                kind: CompileErrorKind::NoWords,
                message: format!("`{text}` has no words"),
            });
            return self.empty();
        }
        // Runs of hyphen-joined words.
        let mut runs: Vec<Range<usize>> = Vec::new();
        for (i, t) in tokens.tokens.iter().enumerate() {
            match runs.last_mut() {
                Some(r) if t.is(flag::JOINED) => r.end = i + 1,
                _ => runs.push(i..i + 1),
            }
        }
        // Every spelling: each run as its words, or joined into one.
        let mut spellings: Vec<Vec<Key>> = vec![Vec::new()];
        let joinable = runs.iter().filter(|r| r.len() > 1).count() <= MAX_JOINED_RUNS;
        for run in runs {
            let parts: Vec<Key> = words[run.clone()]
                .iter()
                .map(|w| self.key(w, exact))
                .collect();
            if run.len() > 1 && joinable {
                let whole = self.key(&words[run].concat(), exact);
                let mut joined = spellings.clone();
                for s in &mut spellings {
                    s.extend(&parts);
                }
                for s in &mut joined {
                    s.push(whole);
                }
                spellings.extend(joined);
            } else {
                for s in &mut spellings {
                    s.extend(&parts);
                }
            }
        }
        let leaves: Vec<u32> = spellings
            .iter()
            .map(|keys| {
                let p = self.phrases.insert(keys);
                self.node(Node::Leaf(p))
            })
            .collect();
        let node = if leaves.len() == 1 {
            leaves[0]
        } else {
            self.alt(&leaves)
        };
        self.words_memo.insert((text.into(), exact), node);
        node
    }

    fn empty(&mut self) -> u32 {
        self.node(Node::Alt(Box::new([]), Box::new([])))
    }

    /// Alternatives of `items`: their phrases gathered into one sorted set
    /// (nested alternatives flattened), the rest kept as nodes.
    fn alt(&mut self, items: &[u32]) -> u32 {
        let mut leaves = Vec::new();
        let mut others = Vec::new();
        for &i in items {
            match &self.nodes[i as usize] {
                Node::Leaf(p) => leaves.push(*p),
                Node::Alt(l, o) => {
                    leaves.extend_from_slice(l);
                    others.extend_from_slice(o);
                }
                _ => others.push(i),
            }
        }
        leaves.sort_unstable();
        leaves.dedup();
        if leaves.len() == 1 && others.is_empty() {
            return self.node(Node::Leaf(leaves[0]));
        }
        self.node(Node::Alt(leaves.into(), others.into()))
    }

    fn key(&mut self, word: &str, exact: bool) -> Key {
        if exact {
            self.vocab
                .surface
                .entry(word.into())
                .or_insert((NONE, NONE));
            return self.vocab.exact_id(word) | EXACT;
        }
        if let Some(&(folded, _)) = self.vocab.surface.get(word) {
            if folded != NONE {
                return folded;
            }
        }
        let folded = self.vocab.folded_id(&fold(word));
        self.vocab
            .surface
            .entry(word.into())
            .or_insert((NONE, NONE))
            .0 = folded;
        folded
    }

    /// Builds the matcher, or returns every compile error.
    pub fn build(mut self) -> Result<Matcher, Vec<CompileError>> {
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        // Every written form knows its folded and exact ids (a form
        // written only as `=exact` may still fold to a word of the pack).
        let Vocabulary {
            surface,
            folded,
            exact,
            ..
        } = &mut self.vocab;
        for (s, ids) in surface.iter_mut() {
            if ids.0 == NONE {
                ids.0 = folded.get(fold(s).as_str()).copied().unwrap_or(NONE);
            }
            ids.1 = exact.get(s).copied().unwrap_or(NONE);
        }
        self.phrases
            .finish(self.vocab.names.len(), self.vocab.exact.len());
        let n_phrases = self.phrases.lens.len();
        let mut memo = Memo {
            required: vec![None; self.nodes.len()],
            weight: vec![None; self.nodes.len()],
            cost: (0..n_phrases as u32).map(|p| self.cost(p)).collect(),
            complete: vec![None; self.nodes.len()],
        };
        // Requirements keep phrase numbers beside the SET flag.
        debug_assert!(n_phrases < SET as usize);
        let mut groups = Vec::new();
        let mut sets = SetTable::default();
        for targets in std::mem::take(&mut self.groups) {
            let mut triggers: Vec<Vec<u32>> = vec![Vec::new(); n_phrases];
            // Per target: its first requirement, and where its others are.
            let mut first = Vec::with_capacity(targets.len());
            let mut require_at = Vec::with_capacity(targets.len() + 1);
            let mut requires = Vec::new();
            for (t, target) in targets.iter().enumerate() {
                for &p in self.required(target.node, &mut memo).iter() {
                    let list = &mut triggers[p as usize];
                    if list.last() != Some(&(t as u32)) {
                        list.push(t as u32);
                    }
                }
                // The part the target waits for is met once it is
                // triggered: only the others are checked.
                let trigger = self.atom_set(target.node, &mut memo, &mut sets);
                let mut ids = self.part_sets(target.node, &mut memo, &mut sets);
                ids.retain(|&id| id != trigger);
                ids.sort_unstable();
                ids.dedup();
                // The rarest first: most targets looked at lack one, and
                // checking stops at the first they lack.
                ids.sort_by_cached_key(|&id| {
                    (self.set_weight(&sets.sets[id as usize], &mut memo), id)
                });
                let mut encoded = ids.into_iter().map(|id| match *sets.sets[id as usize] {
                    [atom] => atom_number(atom, n_phrases),
                    _ => SET | id,
                });
                first.push(encoded.next().unwrap_or(NO_REQUIREMENT));
                require_at.push(requires.len() as u32);
                requires.extend(encoded);
            }
            require_at.push(requires.len() as u32);
            let mut trigger_at = Vec::with_capacity(n_phrases + 1);
            let mut triggered = Vec::new();
            for list in triggers {
                trigger_at.push(triggered.len() as u32);
                triggered.extend(list.into_iter().map(|t| {
                    let (a, b) = (require_at[t as usize], require_at[t as usize + 1]);
                    Triggered {
                        target: t,
                        first: first[t as usize],
                        rest: (a, b),
                    }
                }));
            }
            trigger_at.push(triggered.len() as u32);
            groups.push(GroupTable {
                targets,
                trigger_at: trigger_at.into(),
                triggered: triggered.into(),
                requires: requires.into(),
            });
        }
        // Per phrase, the concepts it stands for (it is among the phrases
        // one of which each needs).
        let mut concepts_of: Vec<Vec<u32>> = vec![Vec::new(); n_phrases];
        let mut gated = vec![false; self.concepts.len()];
        for node in 0..self.nodes.len() {
            if let Node::Concept(c, _) = self.nodes[node] {
                gated[c as usize] = self.complete(node as u32, &mut memo);
                for &p in self.required(node as u32, &mut memo).iter() {
                    concepts_of[p as usize].push(c);
                }
            }
        }
        let gates: Vec<Vec<u32>> = (0..self.nodes.len() as u32)
            .map(|node| match self.nodes[node as usize] {
                Node::Seq(_) | Node::All(_) => {
                    let mut ids = self.part_sets(node, &mut memo, &mut sets);
                    ids.sort_unstable();
                    ids.dedup();
                    ids
                }
                _ => Vec::new(),
            })
            .collect();
        Ok(Matcher {
            id: next_id(),
            vocab: self.vocab,
            phrases: self.phrases,
            nodes: Nodes::from(&self.nodes),
            concepts: self.concepts.len(),
            concepts_of: Lists::from(concepts_of),
            gated: gated.into(),
            gates: Lists::from(gates),
            sets: Lists::from(
                sets.sets
                    .into_iter()
                    .map(|atoms| atoms.iter().map(|&a| atom_number(a, n_phrases)).collect())
                    .collect::<Vec<Vec<u32>>>(),
            ),
            groups,
            used: std::sync::OnceLock::new(),
        })
    }

    /// The requirement set of `node`'s atoms ([`Builder::atoms`]).
    fn atom_set(&self, node: u32, memo: &mut Memo, sets: &mut SetTable) -> u32 {
        let mut atoms = Vec::new();
        self.atoms(node, memo, &mut atoms);
        atoms.sort_unstable();
        atoms.dedup();
        sets.intern(atoms)
    }

    /// The requirement sets of every part a match of `node` needs, each
    /// the phrases and concepts one of which must occur; a part that can
    /// match with none ([`Builder::complete`]) has none.
    fn part_sets(&self, node: u32, memo: &mut Memo, sets: &mut SetTable) -> Vec<u32> {
        let mut parts = Vec::new();
        self.parts(node, &mut parts);
        let mut ids = Vec::with_capacity(parts.len());
        for part in parts {
            if self.complete(part, memo) {
                ids.push(self.atom_set(part, memo, sets));
            }
        }
        ids
    }

    /// The parts every match of `node` has: through sequences and `&`.
    fn parts(&self, node: u32, out: &mut Vec<u32>) {
        match &self.nodes[node as usize] {
            Node::Anchor(_) => {}
            Node::Seq(steps) => {
                for s in steps.iter().filter(|s| !s.optional) {
                    self.parts(s.node, out);
                }
            }
            Node::All(items) => {
                for &i in items.iter() {
                    self.parts(i, out);
                }
            }
            _ => out.push(node),
        }
    }

    /// Whether every match of `node` has one of [`Builder::required`]'s
    /// phrases: not so where an alternative, or the part chosen as the
    /// rarest, can match with no phrase at all (an anchor).
    fn complete(&self, node: u32, memo: &mut Memo) -> bool {
        if let Some(known) = memo.complete[node as usize] {
            return known;
        }
        let complete = match &self.nodes[node as usize] {
            Node::Leaf(_) => true,
            Node::Anchor(_) => false,
            Node::Concept(_, body) => self.complete(*body, memo),
            Node::Alt(_, others) => others.iter().all(|&i| self.complete(i, memo)),
            Node::Seq(_) | Node::All(_) => self
                .rarest_part(node, memo)
                .is_some_and(|n| self.complete(n, memo)),
        };
        memo.complete[node as usize] = Some(complete);
        complete
    }

    /// The phrases one of which must occur for `node` to match, chosen to
    /// be as rare as possible.
    fn required(&self, node: u32, memo: &mut Memo) -> Rc<[u32]> {
        if let Some(keys) = &memo.required[node as usize] {
            return keys.clone();
        }
        let phrases: Rc<[u32]> = match &self.nodes[node as usize] {
            Node::Leaf(p) => Rc::new([*p]),
            Node::Anchor(_) => Rc::new([]),
            Node::Concept(_, body) => self.required(*body, memo),
            Node::Alt(leaves, others) if others.is_empty() => leaves.iter().copied().collect(),
            Node::Alt(leaves, others) => {
                let mut all: Vec<u32> = leaves.to_vec();
                for &i in others.iter() {
                    all.extend(self.required(i, memo).iter());
                }
                all.sort_unstable();
                all.dedup();
                all.into()
            }
            Node::Seq(_) | Node::All(_) => self
                .rarest_part(node, memo)
                .map(|n| self.required(n, memo))
                .unwrap_or_else(|| Rc::new([])),
        };
        memo.required[node as usize] = Some(phrases.clone());
        phrases
    }

    /// How often requirement set `atoms` is expected to be met: the sum of
    /// its phrases' costs and its concepts' weights.
    fn set_weight(&self, atoms: &[u32], memo: &mut Memo) -> u64 {
        atoms
            .iter()
            .map(|&atom| {
                if atom & CONCEPT_ATOM == 0 {
                    return memo.cost[atom as usize];
                }
                match self.concepts[(atom & !CONCEPT_ATOM) as usize].state {
                    ConceptState::Done(node) => self.weight(node, memo),
                    _ => 0,
                }
            })
            .sum()
    }

    /// How often a match of `node` is expected to be possible: the sum of
    /// the costs of its required phrases.
    fn weight(&self, node: u32, memo: &mut Memo) -> u64 {
        if let Some(w) = memo.weight[node as usize] {
            return w;
        }
        let w = self
            .required(node, memo)
            .iter()
            .map(|&p| memo.cost[p as usize])
            .sum();
        memo.weight[node as usize] = Some(w);
        w
    }

    /// Of a sequence or an `&`, the part every match needs whose phrases
    /// are the rarest (optional items and anchors need none).
    fn rarest_part(&self, node: u32, memo: &mut Memo) -> Option<u32> {
        match &self.nodes[node as usize] {
            Node::Seq(steps) => {
                let needed: Vec<u32> = steps
                    .iter()
                    .filter(|s| {
                        !s.optional && !matches!(self.nodes[s.node as usize], Node::Anchor(_))
                    })
                    .map(|s| s.node)
                    .collect();
                self.rarest_of(&needed, memo)
            }
            Node::All(items) => self.rarest_of(items, memo),
            _ => None,
        }
    }

    /// The node of `nodes` whose required phrases are the rarest.
    /// A part that can match with no phrase at all (an alternative holding
    /// an anchor) is chosen only when every part can: waiting for its
    /// phrases would miss the matches made through the anchor.
    fn rarest_of(&self, nodes: &[u32], memo: &mut Memo) -> Option<u32> {
        let complete: Vec<u32> = nodes
            .iter()
            .copied()
            .filter(|&n| self.complete(n, memo))
            .collect();
        let from = if complete.is_empty() {
            nodes
        } else {
            &complete
        };
        from.iter().copied().min_by_key(|&n| self.weight(n, memo))
    }

    /// [`Builder::required`] as atoms: the same phrases, with each concept
    /// among them kept whole (`CONCEPT_ATOM | index`), so a sentence marks a
    /// concept once rather than every set its phrases are in.
    fn atoms(&self, node: u32, memo: &mut Memo, out: &mut Vec<u32>) {
        match &self.nodes[node as usize] {
            Node::Leaf(p) => out.push(*p),
            Node::Anchor(_) => {}
            Node::Concept(c, _) => out.push(CONCEPT_ATOM | c),
            Node::Alt(leaves, others) => {
                out.extend_from_slice(leaves);
                for &i in others.iter() {
                    self.atoms(i, memo, out);
                }
            }
            Node::Seq(_) | Node::All(_) => {
                if let Some(n) = self.rarest_part(node, memo) {
                    self.atoms(n, memo, out);
                }
            }
        }
    }

    /// How often a phrase is expected: as often as its rarest word.
    fn cost(&self, phrase: u32) -> u64 {
        let keys = &self.phrases.keys[phrase as usize];
        keys.iter()
            .map(|&k| {
                u64::from(match k {
                    NUMBER => NUMBER_FREQUENCY,
                    k if k & EXACT != 0 => RARE * 2,
                    k => self
                        .frequency
                        .get(&*self.vocab.names[k as usize])
                        .copied()
                        .unwrap_or(RARE),
                })
            })
            .min()
            .unwrap_or(u64::from(RARE))
    }
}

/// The most phrases of an alternative looked up one by one (one load from
/// a small table each) rather than searched for among a sentence's phrases
/// (a binary search for each of its twenty-odd): about where the two cost
/// the same.
const SMALL_ALT: usize = 128;

/// Adds the names of the concepts `e` names to `out`.
fn concepts_named<'a>(e: &'a Expr, out: &mut std::collections::HashSet<&'a str>) {
    match e {
        Expr::Words { .. } | Expr::Anchor { .. } => {}
        Expr::Concept { name, .. } => {
            out.insert(name);
        }
        Expr::Seq(steps) => steps.iter().for_each(|s| concepts_named(&s.expr, out)),
        Expr::Alt(items) | Expr::All(items) => items.iter().for_each(|i| concepts_named(i, out)),
    }
}

/// The closest of `names` to `name`, if close enough to suggest.
fn closest<'a>(name: &str, names: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    names
        .map(|n| (crate::pack::edit_distance(name, n), n.as_str()))
        .filter(|(d, _)| *d <= 2.max(name.len() / 3))
        .min()
        .map(|(_, n)| n)
}

#[derive(Default)]
struct Collect {
    words: std::cell::RefCell<Vec<String>>,
}

impl Lookup for Collect {
    fn lookup(&self, word: &str) -> (u32, u32) {
        self.words.borrow_mut().push(word.to_string());
        (NONE, NONE)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct GroupTable {
    targets: Vec<Target>,
    /// For each phrase `p`, the targets that wait for it:
    /// `triggered[trigger_at[p]..trigger_at[p + 1]]`.
    trigger_at: Box<[u32]>,
    triggered: Box<[Triggered]>,
    /// Requirements (see [`SET`]), each target's rarest first.
    requires: Box<[u32]>,
}

/// A target a phrase triggers, with its rarest other requirement (most
/// targets looked at lack it) and the range of `requires` that holds the
/// rest, so that checking one touches one place in memory, not four.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct Triggered {
    target: u32,
    first: u32,
    rest: (u32, u32),
}

impl GroupTable {
    fn triggered(&self, phrase: u32) -> &[Triggered] {
        let p = phrase as usize;
        &self.triggered[self.trigger_at[p] as usize..self.trigger_at[p + 1] as usize]
    }
}

/// Lists of numbers, one after another in one array: the `i`th is
/// `items[starts[i]..starts[i + 1]]`. Read back from a snapshot in two
/// allocations rather than one a list.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Lists {
    starts: Box<[u32]>,
    items: Box<[u32]>,
}

impl Lists {
    #[inline]
    fn get(&self, i: u32) -> &[u32] {
        let i = i as usize;
        &self.items[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
}

impl<L: AsRef<[u32]>> From<Vec<L>> for Lists {
    fn from(lists: Vec<L>) -> Lists {
        let mut starts = Vec::with_capacity(lists.len() + 1);
        let mut items = Vec::new();
        for list in &lists {
            starts.push(items.len() as u32);
            items.extend_from_slice(list.as_ref());
        }
        starts.push(items.len() as u32);
        Lists {
            starts: starts.into(),
            items: items.into(),
        }
    }
}

/// Every expression of a pack, compiled. Immutable and `Send + Sync`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Matcher {
    /// Tells matchers apart in a [`Scratch`]'s word cache; one read back
    /// from a snapshot gets a new one.
    #[serde(skip, default = "next_id")]
    id: u64,
    vocab: Vocabulary,
    phrases: Phrases,
    nodes: Nodes,
    concepts: usize,
    /// Per phrase: the concepts it is enough for (see [`Builder::atoms`]).
    concepts_of: Lists,
    /// Per concept: whether it needs one of some phrases to match, so that
    /// a sentence with none of them skips it.
    gated: Box<[bool]>,
    /// Per node: requirement sets (of [`Matcher::sets`]) one atom of each
    /// of which every match of a sequence or `&` has. A sentence that lacks
    /// one skips the node.
    gates: Lists,
    /// Requirement sets: atoms one of which a target needs, each a phrase
    /// or a concept, by [`atom_number`].
    sets: Lists,
    groups: Vec<GroupTable>,
    /// Per group, per phrase: whether the phrase can take part in a match
    /// of one of the group's targets. Worked out on first use.
    #[serde(skip)]
    used: std::sync::OnceLock<Vec<Box<[bool]>>>,
}

/// A matcher id no other matcher of this process has.
fn next_id() -> u64 {
    static IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Working memory a thread keeps for matching: tokens, scratch, candidates
/// and the phrases of each sentence of the current text.
#[derive(Debug, Default)]
pub struct State {
    pub tokens: Tokens,
    pub scratch: Scratch,
    pub candidates: Vec<u32>,
    pub occurrences: Vec<(u32, u32)>,
}

thread_local! {
    static STATE: std::cell::RefCell<State> = std::cell::RefCell::new(State::default());
}

/// Runs `f` with this thread's matching state, reused from call to call (a
/// fresh one if the thread's is in use further up the stack).
pub fn with_state<R>(f: impl FnOnce(&mut State) -> R) -> R {
    STATE.with(|state| match state.try_borrow_mut() {
        Ok(mut state) => f(&mut state),
        Err(_) => f(&mut State::default()),
    })
}

/// Per-thread working memory for matching; reuse it across texts.
#[derive(Debug, Default)]
pub struct Scratch {
    /// The matcher the word cache belongs to.
    matcher: u64,
    words: WordCache,
    /// The phrases of the current sentence: `(phrase, start)`, in order of
    /// start.
    occurrences: Vec<(u32, u32)>,
    /// The current sentence's token range.
    sentence: (u32, u32),
    stamp: u32,
    memo_stamp: Vec<u32>,
    memo: Vec<Spans>,
    /// Per phrase of the current sentence (as `atom_seen` says): its first
    /// and last occurrence (indexes into `occurrences`), side by side,
    /// since they are read together.
    present: Vec<PhraseSeen>,
    /// Per atom (every phrase, then every concept; see [`atom_number`]):
    /// the stamp of the last sentence it occurred in.
    atom_seen: Vec<u32>,
    /// The distinct phrases of the current sentence.
    distinct: Vec<u32>,
    /// Per occurrence, the next one of the same phrase (or `NONE`): a
    /// phrase's spans are a walk down this chain from its first, not a
    /// search of the sentence.
    next_same: Vec<u32>,
    /// Per requirement set: `stamp << 1 | met`, once looked at in the current
    /// sentence.
    satisfied: Vec<u32>,
}

/// What the current sentence has of one phrase (see [`Scratch::present`]).
#[derive(Clone, Copy, Debug, Default)]
struct PhraseSeen {
    first: u32,
    last: u32,
}

impl Matcher {
    #[inline(always)]
    fn node(&self, n: u32) -> NodeRef<'_> {
        self.nodes.get(n)
    }

    /// Concept `c`'s place in [`Scratch::atom_seen`] ([`atom_number`]).
    #[inline]
    fn concept_atom(&self, c: u32) -> usize {
        self.concepts_of.len() + c as usize
    }

    /// A number no other matcher of this process has: what was worked out
    /// for one matcher is told apart from what was for another.
    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocab
    }

    /// Tokenises `text` into `out`.
    pub fn tokenize(&self, text: &str, out: &mut Tokens, scratch: &mut Scratch) {
        if scratch.matcher != self.id {
            // The cache starts with the pack's own words: one lookup a word.
            scratch.words.reset(&self.vocab);
            scratch.matcher = self.id;
        }
        let lookup = Cached {
            vocab: &self.vocab,
            cache: std::cell::RefCell::new(&mut scratch.words),
        };
        token::tokenize(text, &lookup, out);
    }

    /// The owner of target `t` of `group`.
    pub fn owner(&self, group: Group, t: u32) -> u32 {
        self.groups[group].targets[t as usize].owner
    }

    /// Appends the phrases of `sentence` of `tokens` to `out`, found in one
    /// pass: `(phrase, start)`, in order of start. Keep them to start on the
    /// sentence more than once ([`Matcher::begin_with`]).
    pub fn phrases(&self, tokens: &[Token], sentence: Range<usize>, out: &mut Vec<(u32, u32)>) {
        self.phrases.find(tokens, sentence, out);
    }

    /// Starts on `sentence` of `tokens`: finds every phrase in it and
    /// forgets what was evaluated for the last sentence.
    pub fn begin(&self, tokens: &[Token], sentence: Range<usize>, scratch: &mut Scratch) {
        scratch.occurrences.clear();
        self.phrases
            .find(tokens, sentence.clone(), &mut scratch.occurrences);
        self.start_on(sentence, scratch);
    }

    /// Starts on `sentence`, whose phrases were found already.
    pub fn begin_with(
        &self,
        occurrences: &[(u32, u32)],
        sentence: Range<usize>,
        scratch: &mut Scratch,
    ) {
        scratch.occurrences.clear();
        scratch.occurrences.extend_from_slice(occurrences);
        self.start_on(sentence, scratch);
    }

    /// Starts on `range`, several sentences whose phrases were found
    /// already, each sentence's in turn, as one stretch, for the targets of
    /// `group` alone: only the phrases they can use are kept, so a long
    /// stretch costs what those phrases cost, not what all of its phrases do.
    pub fn begin_across(
        &self,
        group: Group,
        occurrences: &[(u32, u32)],
        range: Range<usize>,
        scratch: &mut Scratch,
    ) {
        let used = &self
            .used
            .get_or_init(|| (0..self.groups.len()).map(|g| self.reach(g)).collect())[group];
        scratch.occurrences.clear();
        scratch
            .occurrences
            .extend(occurrences.iter().filter(|&&(p, _)| used[p as usize]));
        self.start_on(range, scratch);
    }

    /// The phrases the targets of `group` reach, through every node and
    /// concept of their expressions.
    fn reach(&self, group: Group) -> Box<[bool]> {
        let mut used = vec![false; self.phrases.lens.len()];
        let mut seen = vec![false; self.nodes.len()];
        let mut stack: Vec<u32> = self.groups[group].targets.iter().map(|t| t.node).collect();
        while let Some(n) = stack.pop() {
            if std::mem::replace(&mut seen[n as usize], true) {
                continue;
            }
            match self.node(n) {
                NodeRef::Leaf(p) => used[p as usize] = true,
                NodeRef::Seq(steps) => stack.extend(steps.iter().map(|s| s.node)),
                NodeRef::Alt(phrases, nodes) => {
                    for &p in phrases.iter() {
                        used[p as usize] = true;
                    }
                    stack.extend(nodes.iter().copied());
                }
                NodeRef::All(nodes) => stack.extend(nodes.iter().copied()),
                NodeRef::Concept(_, body) => stack.push(body),
                NodeRef::Anchor(_) => {}
            }
        }
        used.into_boxed_slice()
    }

    /// Starts on `range` with its phrases, in order of start, in
    /// `scratch.occurrences`.
    fn start_on(&self, range: Range<usize>, scratch: &mut Scratch) {
        scratch.sentence = (range.start as u32, range.end as u32);
        self.reset(scratch);
    }

    /// Whether `group` has any targets.
    pub fn has_targets(&self, group: Group) -> bool {
        !self.groups[group].targets.is_empty()
    }

    /// Whether a phrase among `occurrences` triggers a target of `group`.
    /// Where none does, [`Matcher::candidates`] would find none: a caller
    /// can skip starting on the stretch at all.
    pub fn triggered(&self, group: Group, occurrences: &[(u32, u32)]) -> bool {
        let g = &self.groups[group];
        occurrences.iter().any(|&(p, _)| !g.triggered(p).is_empty())
    }

    fn reset(&self, scratch: &mut Scratch) {
        if scratch.memo_stamp.len() < self.concepts {
            scratch.memo_stamp.resize(self.concepts, 0);
            scratch.memo.resize(self.concepts, Spans::new());
        }
        if scratch.present.len() < self.concepts_of.len() {
            scratch
                .present
                .resize(self.concepts_of.len(), PhraseSeen::default());
        }
        let atoms = self.concepts_of.len() + self.concepts;
        if scratch.atom_seen.len() < atoms {
            scratch.atom_seen.resize(atoms, 0);
        }
        if scratch.satisfied.len() < self.sets.len() {
            scratch.satisfied.resize(self.sets.len(), 0);
        }
        // Stamps fit in 31 bits: `satisfied` keeps one bit beside them.
        scratch.stamp = (scratch.stamp + 1) & (u32::MAX >> 1);
        if scratch.stamp == 0 {
            scratch.memo_stamp.iter_mut().for_each(|s| *s = 0);
            scratch.atom_seen.iter_mut().for_each(|s| *s = 0);
            scratch.satisfied.iter_mut().for_each(|s| *s = 0);
            scratch.stamp = 1;
        }
        scratch.distinct.clear();
        scratch.next_same.clear();
        scratch.next_same.resize(scratch.occurrences.len(), NONE);
        let stamp = scratch.stamp;
        for (i, &(p, _)) in scratch.occurrences.iter().enumerate() {
            let (p, i) = (p as usize, i as u32);
            let seen = &mut scratch.present[p];
            if scratch.atom_seen[p] != stamp {
                scratch.atom_seen[p] = stamp;
                *seen = PhraseSeen { first: i, last: i };
                scratch.distinct.push(p as u32);
                for &c in self.concepts_of.get(p as u32) {
                    scratch.atom_seen[self.concept_atom(c)] = stamp;
                }
            } else {
                scratch.next_same[seen.last as usize] = i;
                seen.last = i;
            }
        }
    }

    /// Whether one of the atoms of requirement set `set` occurs in the
    /// current sentence; worked out once a sentence.
    fn met(&self, set: u32, scratch: &mut Scratch) -> bool {
        let known = scratch.satisfied[set as usize];
        if known >> 1 == scratch.stamp {
            return known & 1 == 1;
        }
        let met = self
            .sets
            .get(set)
            .iter()
            .any(|&atom| scratch.atom_seen[atom as usize] == scratch.stamp);
        scratch.satisfied[set as usize] = scratch.stamp << 1 | u32::from(met);
        met
    }

    /// Whether requirement `r` (see [`SET`]) is met in the current sentence.
    #[inline]
    fn holds(&self, r: u32, scratch: &mut Scratch) -> bool {
        if r & SET != 0 {
            self.met(r & !SET, scratch)
        } else {
            scratch.atom_seen[r as usize] == scratch.stamp
        }
    }

    /// The targets of `group` that may match in the current sentence, in
    /// target order.
    pub fn candidates(&self, group: Group, scratch: &mut Scratch, out: &mut Vec<u32>) {
        out.clear();
        let g = &self.groups[group];
        for i in 0..scratch.distinct.len() {
            let p = scratch.distinct[i];
            for entry in g.triggered(p) {
                let ready = entry.first == NO_REQUIREMENT
                    || (self.holds(entry.first, scratch)
                        && g.requires[entry.rest.0 as usize..entry.rest.1 as usize]
                            .iter()
                            .all(|&r| self.holds(r, scratch)));
                if ready {
                    out.push(entry.target);
                }
            }
        }
        // A target waiting for two phrases of the sentence came twice.
        out.sort_unstable();
        out.dedup();
    }

    /// Every span target `t` of `group` matches in the current sentence, sorted.
    pub fn matches(&self, group: Group, t: u32, scratch: &mut Scratch) -> Spans {
        let node = self.groups[group].targets[t as usize].node;
        self.eval(node, scratch)
    }

    /// The tokens target `t` matched in `span`, as runs of adjacent tokens;
    /// the words skipped by `~N` are not among them.
    pub fn witness(&self, group: Group, t: u32, span: Span, scratch: &mut Scratch) -> Vec<Span> {
        let node = self.groups[group].targets[t as usize].node;
        let mut pieces = Vec::new();
        if !self.witness_node(node, span, scratch, &mut pieces) {
            pieces = vec![span];
        }
        pieces.retain(|p| p.0 < p.1);
        pieces.sort_unstable();
        let mut merged: Vec<Span> = Vec::with_capacity(pieces.len());
        for p in pieces {
            match merged.last_mut() {
                Some(last) if p.0 <= last.1 => last.1 = last.1.max(p.1),
                _ => merged.push(p),
            }
        }
        merged
    }

    fn eval(&self, node: u32, scratch: &mut Scratch) -> Spans {
        match self.node(node) {
            NodeRef::Anchor(end) => {
                let at = if end {
                    scratch.sentence.1
                } else {
                    scratch.sentence.0
                };
                let mut out = Spans::new();
                out.push((at, at));
                out
            }
            NodeRef::Leaf(p) => {
                let mut out = Spans::new();
                self.phrase_spans(p, scratch, &mut out);
                out
            }
            NodeRef::Concept(c, body) => {
                let here = scratch.atom_seen[self.concept_atom(c)] == scratch.stamp;
                let c = c as usize;
                if self.gated[c] && !here {
                    // None of the phrases one of which it needs is here.
                    return Spans::new();
                }
                if scratch.memo_stamp[c] == scratch.stamp {
                    return scratch.memo[c].clone();
                }
                let spans = self.eval(body, scratch);
                scratch.memo_stamp[c] = scratch.stamp;
                scratch.memo[c].clone_from(&spans);
                spans
            }
            NodeRef::Alt(leaves, others) => {
                let mut out = Spans::new();
                if leaves.len() <= SMALL_ALT {
                    // A few phrases: look each up.
                    for &p in leaves.iter() {
                        // Most are not in the sentence: told at a glance.
                        if scratch.atom_seen[p as usize] == scratch.stamp {
                            self.phrase_spans(p, scratch, &mut out);
                        }
                    }
                } else {
                    // Many: look the sentence's phrases up among them.
                    for &p in &scratch.distinct {
                        if leaves.binary_search(&p).is_ok() {
                            self.phrase_spans(p, scratch, &mut out);
                        }
                    }
                }
                for &i in others.iter() {
                    // A sequence or `&` whose rarest parts are missing is
                    // passed over here, not evaluated.
                    if self.gates_met(i, scratch) {
                        out.extend_from_slice(&self.eval(i, scratch));
                    }
                }
                if out.len() > 1 {
                    out.sort_unstable();
                    out.dedup();
                }
                out
            }
            NodeRef::All(items) => {
                if !self.gates_met(node, scratch) {
                    return Spans::new();
                }
                let mut span: Option<Span> = None;
                for &i in items.iter() {
                    let Some(&first) = self.eval(i, scratch).first() else {
                        return Spans::new();
                    };
                    span = Some(match span {
                        None => first,
                        Some((a, b)) => (a.min(first.0), b.max(first.1)),
                    });
                }
                span.into_iter().collect()
            }
            NodeRef::Seq(steps) => {
                if !self.gates_met(node, scratch) {
                    return Spans::new();
                }
                self.eval_seq(steps, scratch)
            }
        }
    }

    /// Appends the spans phrase `p` occurs at in the current sentence, in
    /// order.
    #[inline]
    fn phrase_spans(&self, p: u32, scratch: &Scratch, out: &mut Spans) {
        if scratch.atom_seen[p as usize] != scratch.stamp {
            return;
        }
        let seen = scratch.present[p as usize];
        let len = self.phrases.lens[p as usize];
        let mut i = seen.first;
        while i != NONE {
            let start = scratch.occurrences[i as usize].1;
            out.push((start, start + len));
            i = scratch.next_same[i as usize];
        }
    }

    /// Whether the current sentence has an atom of every gate of `node`.
    #[inline]
    fn gates_met(&self, node: u32, scratch: &mut Scratch) -> bool {
        self.gates
            .get(node)
            .iter()
            .all(|&set| self.met(set, scratch))
    }

    fn eval_seq(&self, steps: &[Step], scratch: &mut Scratch) -> Spans {
        let Some((first, rest)) = steps.split_first() else {
            return Spans::new();
        };
        // Partial matches `(start, end, slack)`: `slack` is the gap of the
        // optional items dropped since `end`, which passes to the next item
        // ("a ~4 b? c" is "a ~4 b c" or "a ~4 c").
        let mut cur: SmallVec<[(u32, u32, u16); 4]> = self
            .eval(first.node, scratch)
            .iter()
            .map(|&(a, b)| (a, b, 0))
            .collect();
        for step in rest {
            if cur.is_empty() {
                break;
            }
            let next_matches = self.eval(step.node, scratch);
            let mut next = SmallVec::new();
            for &(a, b, slack) in &cur {
                let reach = u32::from(step.gap.saturating_add(slack).min(MAX_GAP));
                let from = next_matches.partition_point(|m| m.0 < b);
                for m in &next_matches[from..] {
                    if m.0 - b > reach {
                        break;
                    }
                    next.push((a, m.1, 0));
                }
                if step.optional {
                    next.push((a, b, slack.saturating_add(step.gap)));
                }
            }
            next.sort_unstable();
            next.dedup();
            cur = next;
        }
        let mut out: Spans = cur.iter().map(|&(a, b, _)| (a, b)).collect();
        if first.optional && !rest.is_empty() {
            out.extend(self.eval_seq(rest, scratch));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn witness_node(
        &self,
        node: u32,
        span: Span,
        scratch: &mut Scratch,
        out: &mut Vec<Span>,
    ) -> bool {
        match self.node(node) {
            NodeRef::Anchor(_) => self.eval(node, scratch).contains(&span),
            NodeRef::Leaf(_) => {
                let ok = self.eval(node, scratch).contains(&span);
                if ok {
                    out.push(span);
                }
                ok
            }
            NodeRef::Concept(_, body) => self.witness_node(body, span, scratch, out),
            NodeRef::Alt(leaves, others) => {
                let leaf = scratch.occurrences.iter().any(|&(p, start)| {
                    start == span.0
                        && start + self.phrases.lens[p as usize] == span.1
                        && leaves.binary_search(&p).is_ok()
                });
                if leaf {
                    out.push(span);
                    return true;
                }
                others.iter().any(|&i| {
                    self.gates_met(i, scratch)
                        && self.eval(i, scratch).contains(&span)
                        && self.witness_node(i, span, scratch, out)
                })
            }
            NodeRef::All(items) => {
                for &i in items.iter() {
                    let Some(&first) = self.eval(i, scratch).first() else {
                        return false;
                    };
                    if !self.witness_node(i, first, scratch, out) {
                        return false;
                    }
                }
                true
            }
            NodeRef::Seq(steps) => self.witness_seq(steps, span, None, scratch, out),
        }
    }

    /// Finds matches of `steps`, the first starting at `span.0` (or within
    /// its gap, and the `slack` optional items dropped before it left, after
    /// `prev`), the last ending at `span.1`.
    fn witness_seq(
        &self,
        steps: &[Step],
        span: Span,
        prev: Option<(u32, u16)>,
        scratch: &mut Scratch,
        out: &mut Vec<Span>,
    ) -> bool {
        let Some((step, rest)) = steps.split_first() else {
            return prev.map(|p| p.0) == Some(span.1);
        };
        for m in self.eval(step.node, scratch) {
            let fits = match prev {
                None => m.0 == span.0,
                Some((p, slack)) => {
                    m.0 >= p && m.0 - p <= u32::from(step.gap.saturating_add(slack).min(MAX_GAP))
                }
            };
            if !fits || m.1 > span.1 {
                continue;
            }
            let mark = out.len();
            if self.witness_node(step.node, m, scratch, out)
                && self.witness_seq(rest, span, Some((m.1, 0)), scratch, out)
            {
                return true;
            }
            out.truncate(mark);
        }
        // Dropped, an optional item leaves its gap to the next.
        let dropped = prev.map(|(p, slack)| (p, slack.saturating_add(step.gap)));
        step.optional && self.witness_seq(rest, span, dropped, scratch, out)
    }
}

#[cfg(test)]
mod tests;
