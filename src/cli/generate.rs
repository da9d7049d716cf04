//! `candor generate`: shell completions and the man page, named as
//! ripgrep's `--generate` names them.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory, ValueEnum};
use clap_complete::Shell;

use super::output::STDOUT;
use super::Cli;

/// Print a shell completion script or the man page on stdout.
#[derive(Debug, Args)]
#[command(after_long_help = GENERATE_EXAMPLES)]
pub struct GenerateArgs {
    /// What to generate.
    #[arg(value_enum, value_name = "KIND")]
    kind: Kind,
}

const GENERATE_EXAMPLES: &str = "\\
Examples:
  candor generate complete-bash > ~/.local/share/bash-completion/completions/candor
  candor generate complete-zsh > ~/.zfunc/_candor     # with fpath+=~/.zfunc
  candor generate complete-fish > ~/.config/fish/completions/candor.fish
  candor generate complete-powershell >> $PROFILE
  candor generate man > ~/.local/share/man/man1/candor.1";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Kind {
    /// Bash completions.
    CompleteBash,
    /// Zsh completions.
    CompleteZsh,
    /// Fish completions.
    CompleteFish,
    /// PowerShell completions.
    CompletePowershell,
    /// The man page (roff), every subcommand in one page.
    Man,
}

pub fn run(args: GenerateArgs) -> Result<ExitCode> {
    let mut out = Vec::new();
    let mut cmd = Cli::command();
    match args.kind {
        Kind::CompleteBash => generate(Shell::Bash, &mut cmd, &mut out),
        Kind::CompleteZsh => generate(Shell::Zsh, &mut cmd, &mut out),
        Kind::CompleteFish => generate(Shell::Fish, &mut cmd, &mut out),
        Kind::CompletePowershell => generate(Shell::PowerShell, &mut cmd, &mut out),
        Kind::Man => man(cmd, &mut out).context("cannot render the man page")?,
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(&out)
        .and_then(|()| stdout.flush())
        .with_context(|| format!("cannot write {STDOUT}"))?;
    Ok(ExitCode::SUCCESS)
}

fn generate(shell: Shell, cmd: &mut clap::Command, out: &mut Vec<u8>) {
    clap_complete::generate(shell, cmd, "candor", out);
}

/// One page: the command, then a section per subcommand (and per `rules`
/// subcommand) with its synopsis, description, options and examples.
fn man(cmd: clap::Command, out: &mut Vec<u8>) -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut page)?;
    // Every command's text after its options is its examples.
    out.extend_from_slice(
        &String::from_utf8_lossy(&page)
            .replace(".SH EXTRA", ".SH EXAMPLES")
            .into_bytes(),
    );
    let mut subs: Vec<(String, clap::Command)> = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        subs.push((format!("candor {}", sub.get_name()), sub.clone()));
        for nested in sub.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = format!("candor {} {}", sub.get_name(), nested.get_name());
            subs.push((name, nested.clone()));
        }
    }
    for (name, sub) in subs {
        writeln!(out, ".SH \"{}\"", name.to_uppercase())?;
        let page = clap_mangen::Man::new(sub.bin_name(name));
        let mut body = Vec::new();
        page.render_synopsis_section(&mut body)?;
        page.render_description_section(&mut body)?;
        page.render_options_section(&mut body)?;
        page.render_extra_section(&mut body)?;
        // Its sections are subsections of the command's.
        let body = String::from_utf8_lossy(&body)
            .replace(".SH EXTRA", ".SH EXAMPLES")
            .replace("\n.SH ", "\n.SS ");
        let body = body
            .strip_prefix(".SH ")
            .map_or(body.clone(), |rest| format!(".SS {rest}"));
        out.extend_from_slice(body.as_bytes());
    }
    Ok(())
}
