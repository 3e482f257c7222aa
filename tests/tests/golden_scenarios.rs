//! Prisma 5.19's recorded answers, step for step, under the JSON and the GraphQL protocol, on SQLite and
//! (with TEST_POSTGRES_URL / TEST_MYSQL_URL) PostgreSQL and MySQL, through the query-engine server's request
//! handler, interactive transactions included.
//!
//! Every step that runs must answer exactly as Prisma did, except the steps listed in
//! `tests/golden_known_failures.txt` (each with the reason it does not yet; GraphQL-protocol ids carry a
//! `graphql: ` prefix). A listed step that now passes fails the test too, so the list only ever shrinks.

use std::collections::BTreeSet;

use engine_core::protocol::EngineProtocol;
use refract_tests::database::TestProvider;
use refract_tests::golden::{load_scenarios, protocol_key, run_scenario, StepOutcome};

fn known_failures(provider: TestProvider) -> BTreeSet<String> {
    let text = include_str!("golden_known_failures.txt");
    text.lines()
        .filter_map(|line| line.split_once(" | "))
        .filter(|(prefix, _)| *prefix == provider.name())
        .map(|(_, rest)| rest.split(" || ").next().unwrap_or(rest).trim().to_string())
        .collect()
}

/// Runs every scenario of the provider under both protocols (one after the other: each run resets the
/// same databases), then fails on unlisted failures and on listed steps that pass.
async fn run(provider: TestProvider) {
    let Some(server_url) = provider.server_url() else {
        return;
    };
    let known = known_failures(provider);
    let scenarios = load_scenarios().expect("the shared scenarios are readable");
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    let mut tallies = Vec::new();
    for protocol in [EngineProtocol::Json, EngineProtocol::GraphQl] {
        let (mut passed, mut failed, mut skipped) = (0, 0, 0);
        for scenario in &scenarios {
            if !scenario.providers().iter().any(|p| p == provider.name()) {
                continue;
            }
            let results = match run_scenario(scenario, provider, protocol, &server_url).await {
                Ok(results) => results,
                Err(error) => {
                    failed += 1;
                    if !known.contains(&scenario.name) {
                        unexpected.push(format!("{} ({protocol}): {error}", scenario.name));
                    }
                    continue;
                }
            };
            for result in results {
                match result.outcome {
                    StepOutcome::Passed => {
                        passed += 1;
                        if known.contains(&result.id) {
                            fixed.push(result.id);
                        }
                    }
                    StepOutcome::Skipped(_) => skipped += 1,
                    StepOutcome::Failed { expected, actual } => {
                        failed += 1;
                        if !known.contains(&result.id) {
                            unexpected.push(format!(
                                "{}\n    expected: {}\n    actual:   {}",
                                result.id, expected, actual
                            ));
                        }
                    }
                }
            }
        }
        let tally = format!(
            "{} {}: {passed} passed, {failed} failed, {skipped} skipped (recorded Prisma scenarios)",
            provider.name(),
            protocol_key(protocol)
        );
        println!("{tally}");
        tallies.push(tally);
    }
    if std::env::var("GOLDEN_LIST_FAILURES").is_ok() {
        for line in &unexpected {
            println!(
                "{} | {}",
                provider.name(),
                line.lines().next().unwrap_or("")
            );
        }
    }
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "{}\n{} unexpected failures:\n{}\n{} listed failures now pass (remove them from the list):\n{}",
        tallies.join("\n"),
        unexpected.len(),
        unexpected.join("\n"),
        fixed.len(),
        fixed.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn golden_scenarios_sqlite() {
    run(TestProvider::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn golden_scenarios_postgres() {
    run(TestProvider::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn golden_scenarios_mysql() {
    run(TestProvider::Mysql).await;
}
