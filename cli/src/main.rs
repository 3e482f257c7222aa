//! `refract`: the command line of the Refract stack (validate, format, dmmf, query, db push, generate).

mod commands;
mod db_push;
mod generate;
mod query;
mod schema_file;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "refract", version, about = "The Prisma stack, rebuilt in Rust")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the Prisma schema.
    Validate {
        /// Path to the schema (default: ./schema.prisma, then ./prisma/schema.prisma).
        #[arg(long)]
        schema: Option<PathBuf>,
    },
    /// Format the Prisma schema in place.
    Format {
        #[arg(long)]
        schema: Option<PathBuf>,
        /// Only check whether the schema is formatted; exit 1 if it is not.
        #[arg(long)]
        check: bool,
    },
    /// Print the DMMF of the schema as JSON.
    Dmmf {
        #[arg(long)]
        schema: Option<PathBuf>,
    },
    /// Run JSON-protocol requests, one per line from standard input, against the schema's datasource and
    /// print one response per line.
    Query {
        #[arg(long)]
        schema: Option<PathBuf>,
    },
    /// Run the schema's generators (e.g. Prisma Client Python) with our query engine as their engine.
    Generate {
        #[arg(long)]
        schema: Option<PathBuf>,
        /// Regenerate whenever the schema changes.
        #[arg(long)]
        watch: bool,
        /// Run only the named generator (repeatable).
        #[arg(long = "generator")]
        generators: Vec<String>,
    },
    /// Manage the database schema (`db push`).
    Db {
        #[command(subcommand)]
        command: db_push::DbCommand,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { schema } => commands::validate(schema.as_deref()),
        Command::Format { schema, check } => commands::format(schema.as_deref(), check),
        Command::Dmmf { schema } => commands::dmmf(schema.as_deref()),
        Command::Query { schema } => query::run(schema.as_deref()),
        Command::Generate {
            schema,
            watch,
            generators,
        } => generate::run(schema.as_deref(), watch, &generators),
        Command::Db { command } => db_push::run(command),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("Error: {err}");
            ExitCode::FAILURE
        }
    }
}
