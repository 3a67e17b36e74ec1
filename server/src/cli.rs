//! The `dsr` command line: serve (the default), migrate, seed-demo, admin, audit, backup,
//! restore.

use clap::{Parser, Subcommand};

/// The Digital Dynamic Support Register server.
#[derive(Debug, Parser)]
#[command(name = "dsr", version, about)]
pub struct Cli {
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations, then serve the portal on LEPTOS_SITE_ADDR (default 127.0.0.1:3000).
    Serve {
        /// If the register is empty, fill it with fictional demo people first.
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Fill an empty register with fictional people (NHS numbers from the unissued 999 range).
    SeedDemo {
        /// How many people.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        people: u32,
        /// Random seed: the same seed on the same day gives the same register.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Manage administrator accounts.
    Admin {
        /// What to do.
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Work with the audit trail.
    Audit {
        /// What to do with it.
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Copy the register (SQLite) to a new file, consistently, while the portal serves.
    Backup {
        /// The new file.
        to: std::path::PathBuf,
    },
    /// Put a backup made by `dsr backup` in place of the register (SQLite; stop the portal
    /// first). Refuses to replace a register that holds anything, unless --force.
    Restore {
        /// The backup.
        from: std::path::PathBuf,
        /// Replace a register that is not empty.
        #[arg(long)]
        force: bool,
    },
}

/// Administrator commands.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an active administrator. The password is read from standard input (one
    /// line), never from the command line.
    Create {
        /// Their work email.
        #[arg(long)]
        email: String,
        /// Their full name.
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
}

/// Audit-trail commands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain (and the chain's head against checkpoints, if given); exits 1
    /// and names the first row that does not fit.
    Verify {
        /// A checkpoint printed by `dsr audit checkpoint`, or a file of them (one a line):
        /// rows removed from the end since then are found too. May be given more than once.
        #[arg(long, value_name = "FILE_OR_TEXT")]
        checkpoint: Vec<String>,
    },
    /// Print a signed checkpoint of the chain's head, to keep outside the database.
    Checkpoint {
        /// Also append it to this file (created if missing).
        #[arg(long, value_name = "FILE")]
        append: Option<std::path::PathBuf>,
    },
}
