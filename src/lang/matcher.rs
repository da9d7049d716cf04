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

use std::collections::HashMap;
use std::ops::Range;

use rustc_hash::FxHashMap;

use super::expr::{Expr, Span as Column};
use super::fold::fold;
use super::token::{self, flag, Lookup, Token, Tokens, NONE};

/// A match: a half-open range of token indices.
pub type Span = (u32, u32);

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
    Word(u32),
    Exact(u32),
    Number,
    Seq(Box<[Step]>),
    Alt(Box<[u32]>),
    All(Box<[u32]>),
    /// A concept: its index (for the per-sentence memo) and its body.
    Concept(u32, u32),
}

#[derive(Clone, Copy, Debug)]
struct Step {
    node: u32,
    gap: u16,
    optional: bool,
}

/// A word the matcher waits for: a folded word, an exact form, or any number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Word(u32),
    Exact(u32),
    Number,
}

/// The words a pack's expressions are written in.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    /// Every form written in the pack: its folded id and exact id.
    surface: FxHashMap<Box<str>, (u32, u32)>,
    folded: FxHashMap<Box<str>, u32>,
    /// Folded keys by id, for display.
    names: Vec<Box<str>>,
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
        (self.folded.get(fold(word).as_str()).copied().unwrap_or(NONE), NONE)
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
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// What a group of targets is for; each group has its own trigger table.
pub type Group = usize;

#[derive(Clone, Debug)]
struct Target {
    node: u32,
    owner: u32,
}

/// Builds a [`Matcher`].
#[derive(Default)]
pub struct Builder {
    vocab: Vocabulary,
    nodes: Vec<Node>,
    concepts: Vec<ConceptSlot>,
    concept_index: HashMap<String, usize>,
    groups: Vec<Vec<Target>>,
    errors: Vec<CompileError>,
    /// Frequency per million of folded keys, for choosing triggers.
    frequency: HashMap<String, u32>,
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

impl Builder {
    pub fn new(groups: usize) -> Builder {
        let mut frequency = HashMap::new();
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
    /// definitions of the same name add entries.
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

    /// Adds `expr` as a target of `group` owned by `owner`; `None` if it
    /// does not compile (the error is kept for [`Builder::build`]).
    pub fn add(&mut self, group: Group, owner: u32, expr: &Expr, origin: Origin) -> Option<u32> {
        let before = self.errors.len();
        let node = self.compile(expr, origin);
        if self.errors.len() > before {
            return None;
        }
        let targets = &mut self.groups[group];
        targets.push(Target { node, owner });
        Some(targets.len() as u32 - 1)
    }

    /// Compiles every concept not used yet, so its errors are reported;
    /// returns the names of those no expression used.
    pub fn unused_concepts(&mut self) -> Vec<String> {
        let unused: Vec<usize> = (0..self.concepts.len())
            .filter(|&i| !self.concepts[i].used)
            .collect();
        for &i in &unused {
            self.concept_node(i, 0, Column::default());
            self.concepts[i].used = false;
        }
        unused
            .into_iter()
            .map(|i| self.concepts[i].name.clone())
            .collect()
    }

    fn node(&mut self, node: Node) -> u32 {
        self.nodes.push(node);
        self.nodes.len() as u32 - 1
    }

    fn compile(&mut self, expr: &Expr, origin: Origin) -> u32 {
        match expr {
            Expr::Words { text, exact, at } => self.words(text, *exact, origin, *at),
            Expr::Concept { name, at } => match self.concept_index.get(name) {
                Some(&i) => self.concept_node(i, origin, *at),
                None if name == "number" => self.node(Node::Number),
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
                    self.node(Node::Alt(Box::new([])))
                }
            },
            Expr::Seq(steps) => {
                let steps = steps
                    .iter()
                    .map(|s| Step {
                        node: self.compile(&s.expr, origin),
                        gap: s.gap,
                        optional: s.optional,
                    })
                    .collect();
                self.node(Node::Seq(steps))
            }
            Expr::Alt(items) => {
                let items = items.iter().map(|e| self.compile(e, origin)).collect();
                self.node(Node::Alt(items))
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
                self.node(Node::Alt(Box::new([])))
            }
            ConceptState::Pending => {
                self.concepts[i].state = ConceptState::Compiling;
                let entries = std::mem::take(&mut self.concepts[i].entries);
                let mut items: Vec<u32> = entries
                    .iter()
                    .map(|(e, origin)| self.compile(e, *origin))
                    .collect();
                if self.concepts[i].name == "number" {
                    items.push(self.node(Node::Number));
                }
                self.concepts[i].entries = entries;
                let body = self.node(Node::Alt(items.into()));
                let node = self.node(Node::Concept(i as u32, body));
                self.concepts[i].state = ConceptState::Done(node);
                node
            }
        }
    }

    /// Words as written: tokenised like text, hyphenated runs also matching
    /// as one word (`post-mortem` = `postmortem`).
    fn words(&mut self, text: &str, exact: bool, origin: Origin, at: Column) -> u32 {
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
            return self.node(Node::Alt(Box::new([])));
        }
        // Runs of hyphen-joined words.
        let mut runs: Vec<Range<usize>> = Vec::new();
        for (i, t) in tokens.tokens.iter().enumerate() {
            match runs.last_mut() {
                Some(r) if t.is(flag::JOINED) => r.end = i + 1,
                _ => runs.push(i..i + 1),
            }
        }
        let mut steps: Vec<Step> = Vec::new();
        for run in runs {
            let mut seq: Vec<u32> = Vec::new();
            for w in &words[run.clone()] {
                let node = self.word(w, exact);
                seq.push(node);
            }
            let node = if seq.len() == 1 {
                seq[0]
            } else {
                let joined: String = words[run].concat();
                let whole = self.word(&joined, exact);
                let parts = seq
                    .into_iter()
                    .map(|node| Step {
                        node,
                        gap: 0,
                        optional: false,
                    })
                    .collect();
                let parts = self.node(Node::Seq(parts));
                self.node(Node::Alt(Box::new([parts, whole])))
            };
            steps.push(Step {
                node,
                gap: 0,
                optional: false,
            });
        }
        if steps.len() == 1 {
            steps[0].node
        } else {
            self.node(Node::Seq(steps.into()))
        }
    }

    fn word(&mut self, word: &str, exact: bool) -> u32 {
        if exact {
            let id = self.vocab.exact_id(word);
            self.vocab.surface.entry(word.into()).or_insert((NONE, NONE));
            self.node(Node::Exact(id))
        } else {
            let id = self.vocab.folded_id(&fold(word));
            self.vocab.surface.entry(word.into()).or_insert((NONE, NONE));
            self.node(Node::Word(id))
        }
    }

    /// Builds the matcher, or returns every compile error.
    pub fn build(mut self) -> Result<Matcher, Vec<CompileError>> {
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        // Every written form knows its folded and exact ids.
        let surfaces: Vec<Box<str>> = self.vocab.surface.keys().cloned().collect();
        for s in surfaces {
            let folded = self.vocab.folded.get(fold(&s).as_str()).copied();
            let exact = self.vocab.exact.get(&s).copied();
            self.vocab
                .surface
                .insert(s, (folded.unwrap_or(NONE), exact.unwrap_or(NONE)));
        }
        let n_words = self.vocab.names.len();
        let n_exact = self.vocab.exact.len();
        let mut memo: Vec<Option<Vec<Key>>> = vec![None; self.nodes.len()];
        let mut groups = Vec::new();
        for targets in std::mem::take(&mut self.groups) {
            let mut table = Triggers {
                words: vec![Vec::new(); n_words],
                exact: vec![Vec::new(); n_exact],
                number: Vec::new(),
            };
            for (t, target) in targets.iter().enumerate() {
                let keys = self.required(target.node, &mut memo);
                for key in keys {
                    let list = match key {
                        Key::Word(w) => &mut table.words[w as usize],
                        Key::Exact(x) => &mut table.exact[x as usize],
                        Key::Number => &mut table.number,
                    };
                    if list.last() != Some(&(t as u32)) {
                        list.push(t as u32);
                    }
                }
            }
            groups.push(GroupTable { targets, table });
        }
        Ok(Matcher {
            vocab: self.vocab,
            nodes: self.nodes,
            concepts: self.concepts.len(),
            groups,
        })
    }

    /// The words one of which must occur for `node` to match, chosen to be
    /// as rare as possible.
    fn required(&self, node: u32, memo: &mut Vec<Option<Vec<Key>>>) -> Vec<Key> {
        if let Some(keys) = &memo[node as usize] {
            return keys.clone();
        }
        let keys = match &self.nodes[node as usize] {
            Node::Word(w) => vec![Key::Word(*w)],
            Node::Exact(x) => vec![Key::Exact(*x)],
            Node::Number => vec![Key::Number],
            Node::Concept(_, body) => self.required(*body, memo),
            Node::Alt(items) => {
                let mut keys: Vec<Key> = items
                    .iter()
                    .flat_map(|&i| self.required(i, memo))
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                keys
            }
            Node::Seq(steps) => {
                let options: Vec<u32> = steps.iter().filter(|s| !s.optional).map(|s| s.node).collect();
                self.rarest(&options, memo)
            }
            Node::All(items) => self.rarest(items, memo),
        };
        memo[node as usize] = Some(keys.clone());
        keys
    }

    fn rarest(&self, nodes: &[u32], memo: &mut Vec<Option<Vec<Key>>>) -> Vec<Key> {
        nodes
            .iter()
            .map(|&n| self.required(n, memo))
            .min_by_key(|keys| keys.iter().map(|k| self.cost(*k)).sum::<u64>())
            .unwrap_or_default()
    }

    fn cost(&self, key: Key) -> u64 {
        u64::from(match key {
            Key::Word(w) => self
                .frequency
                .get(&*self.vocab.names[w as usize])
                .copied()
                .unwrap_or(RARE),
            Key::Exact(_) => RARE * 2,
            Key::Number => NUMBER_FREQUENCY,
        })
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

#[derive(Clone, Debug)]
struct Triggers {
    words: Vec<Vec<u32>>,
    exact: Vec<Vec<u32>>,
    number: Vec<u32>,
}

#[derive(Clone, Debug)]
struct GroupTable {
    targets: Vec<Target>,
    table: Triggers,
}

/// Every expression of a pack, compiled. Immutable and `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Matcher {
    vocab: Vocabulary,
    nodes: Vec<Node>,
    concepts: usize,
    groups: Vec<GroupTable>,
}

/// Per-thread working memory for matching; reuse it across texts.
#[derive(Debug, Default)]
pub struct Scratch {
    stamp: u32,
    memo_stamp: Vec<u32>,
    memo: Vec<Vec<Span>>,
    seen: Vec<u32>,
    seen_stamp: u32,
}

impl Matcher {
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocab
    }

    /// Tokenises `text` into `out`.
    pub fn tokenize(&self, text: &str, out: &mut Tokens) {
        token::tokenize(text, &self.vocab, out);
    }

    /// The owner of target `t` of `group`.
    pub fn owner(&self, group: Group, t: u32) -> u32 {
        self.groups[group].targets[t as usize].owner
    }

    /// The targets of `group` that may match in `sentence`, in target order.
    pub fn candidates(
        &self,
        group: Group,
        tokens: &[Token],
        sentence: Range<usize>,
        scratch: &mut Scratch,
        out: &mut Vec<u32>,
    ) {
        out.clear();
        let g = &self.groups[group];
        if scratch.seen.len() < g.targets.len() {
            scratch.seen.resize(g.targets.len(), 0);
        }
        scratch.seen_stamp = scratch.seen_stamp.wrapping_add(1);
        if scratch.seen_stamp == 0 {
            scratch.seen.iter_mut().for_each(|s| *s = 0);
            scratch.seen_stamp = 1;
        }
        let stamp = scratch.seen_stamp;
        let mut add = |list: &[u32]| {
            for &t in list {
                if scratch.seen[t as usize] != stamp {
                    scratch.seen[t as usize] = stamp;
                    out.push(t);
                }
            }
        };
        for t in &tokens[sentence] {
            if t.word != NONE {
                add(&g.table.words[t.word as usize]);
            }
            if t.exact != NONE {
                add(&g.table.exact[t.exact as usize]);
            }
            if t.is(flag::NUMBER) {
                add(&g.table.number);
            }
        }
        out.sort_unstable();
    }

    /// Starts a new sentence: forgets the concepts evaluated for the last.
    pub fn begin(&self, scratch: &mut Scratch) {
        if scratch.memo_stamp.len() < self.concepts {
            scratch.memo_stamp.resize(self.concepts, 0);
            scratch.memo.resize(self.concepts, Vec::new());
        }
        scratch.stamp = scratch.stamp.wrapping_add(1);
        if scratch.stamp == 0 {
            scratch.memo_stamp.iter_mut().for_each(|s| *s = 0);
            scratch.stamp = 1;
        }
    }

    /// Every span target `t` of `group` matches in `sentence`, sorted.
    /// Call [`Matcher::begin`] once per sentence first.
    pub fn matches(
        &self,
        group: Group,
        t: u32,
        tokens: &[Token],
        sentence: Range<usize>,
        scratch: &mut Scratch,
    ) -> Vec<Span> {
        let node = self.groups[group].targets[t as usize].node;
        let s = Sentence {
            tokens,
            range: sentence.start as u32..sentence.end as u32,
        };
        self.eval(node, &s, scratch)
    }

    /// The tokens target `t` matched in `span`, as runs of adjacent tokens;
    /// the words skipped by `~N` are not among them.
    pub fn witness(
        &self,
        group: Group,
        t: u32,
        tokens: &[Token],
        sentence: Range<usize>,
        span: Span,
        scratch: &mut Scratch,
    ) -> Vec<Span> {
        let node = self.groups[group].targets[t as usize].node;
        let s = Sentence {
            tokens,
            range: sentence.start as u32..sentence.end as u32,
        };
        let mut pieces = Vec::new();
        if !self.witness_node(node, &s, span, scratch, &mut pieces) {
            pieces = vec![span];
        }
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

    fn eval(&self, node: u32, s: &Sentence, scratch: &mut Scratch) -> Vec<Span> {
        match &self.nodes[node as usize] {
            Node::Word(w) => s.positions(|t| t.word == *w),
            Node::Exact(x) => s.positions(|t| t.exact == *x),
            Node::Number => s.positions(|t| t.is(flag::NUMBER)),
            Node::Concept(c, body) => {
                let c = *c as usize;
                if scratch.memo_stamp[c] == scratch.stamp {
                    return scratch.memo[c].clone();
                }
                let spans = self.eval(*body, s, scratch);
                scratch.memo_stamp[c] = scratch.stamp;
                scratch.memo[c].clone_from(&spans);
                spans
            }
            Node::Alt(items) => {
                let mut out = Vec::new();
                for &i in items.iter() {
                    out.extend(self.eval(i, s, scratch));
                }
                out.sort_unstable();
                out.dedup();
                out
            }
            Node::All(items) => {
                let mut span: Option<Span> = None;
                for &i in items.iter() {
                    let Some(&first) = self.eval(i, s, scratch).first() else {
                        return Vec::new();
                    };
                    span = Some(match span {
                        None => first,
                        Some((a, b)) => (a.min(first.0), b.max(first.1)),
                    });
                }
                span.into_iter().collect()
            }
            Node::Seq(steps) => self.eval_seq(steps, s, scratch),
        }
    }

    fn eval_seq(&self, steps: &[Step], s: &Sentence, scratch: &mut Scratch) -> Vec<Span> {
        let Some((first, rest)) = steps.split_first() else {
            return Vec::new();
        };
        let mut cur = self.eval(first.node, s, scratch);
        for step in rest {
            if cur.is_empty() && !step.optional {
                break;
            }
            let next_matches = self.eval(step.node, s, scratch);
            let mut next: Vec<Span> = Vec::new();
            for &(a, b) in &cur {
                let from = next_matches.partition_point(|m| m.0 < b);
                for m in &next_matches[from..] {
                    if m.0 - b > u32::from(step.gap) {
                        break;
                    }
                    next.push((a, m.1));
                }
            }
            if step.optional {
                next.extend_from_slice(&cur);
            }
            next.sort_unstable();
            next.dedup();
            cur = next;
        }
        if first.optional && !rest.is_empty() {
            cur.extend(self.eval_seq(rest, s, scratch));
            cur.sort_unstable();
            cur.dedup();
        }
        cur
    }

    fn witness_node(
        &self,
        node: u32,
        s: &Sentence,
        span: Span,
        scratch: &mut Scratch,
        out: &mut Vec<Span>,
    ) -> bool {
        match &self.nodes[node as usize] {
            Node::Word(_) | Node::Exact(_) | Node::Number => {
                let ok = self.eval(node, s, scratch).contains(&span);
                if ok {
                    out.push(span);
                }
                ok
            }
            Node::Concept(_, body) => self.witness_node(*body, s, span, scratch, out),
            Node::Alt(items) => items.iter().any(|&i| {
                self.eval(i, s, scratch).contains(&span)
                    && self.witness_node(i, s, span, scratch, out)
            }),
            Node::All(items) => {
                for &i in items.iter() {
                    let Some(&first) = self.eval(i, s, scratch).first() else {
                        return false;
                    };
                    if !self.witness_node(i, s, first, scratch, out) {
                        return false;
                    }
                }
                true
            }
            Node::Seq(steps) => self.witness_seq(steps, s, span, None, scratch, out),
        }
    }

    /// Finds matches of `steps`, the first starting at `span.0` (or right
    /// within its gap after `prev`), the last ending at `span.1`.
    fn witness_seq(
        &self,
        steps: &[Step],
        s: &Sentence,
        span: Span,
        prev: Option<u32>,
        scratch: &mut Scratch,
        out: &mut Vec<Span>,
    ) -> bool {
        let Some((step, rest)) = steps.split_first() else {
            return prev == Some(span.1);
        };
        for m in self.eval(step.node, s, scratch) {
            let fits = match prev {
                None => m.0 == span.0,
                Some(p) => m.0 >= p && m.0 - p <= u32::from(step.gap),
            };
            if !fits || m.1 > span.1 {
                continue;
            }
            let mark = out.len();
            if self.witness_node(step.node, s, m, scratch, out)
                && self.witness_seq(rest, s, span, Some(m.1), scratch, out)
            {
                return true;
            }
            out.truncate(mark);
        }
        step.optional && self.witness_seq(rest, s, span, prev, scratch, out)
    }
}

struct Sentence<'a> {
    tokens: &'a [Token],
    range: Range<u32>,
}

impl Sentence<'_> {
    fn positions(&self, f: impl Fn(&Token) -> bool) -> Vec<Span> {
        let mut out = Vec::new();
        for i in self.range.clone() {
            if f(&self.tokens[i as usize]) {
                out.push((i, i + 1));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
