//! Rule packs for candor, and the word-level language their rules are
//! written in.
//!
//! This crate is the part of candor that a build script can run: `candor`'s
//! own `build.rs` compiles the default pack with it and embeds the result,
//! so the installed binary does not compile its pack at start-up. Everything
//! here is re-exported by `candor` as `candor::lang` and `candor::pack`;
//! use it from there.

pub mod lang;
pub mod pack;
