//! Prisma 5.19's recorded answers, step for step, on SQLite and (with TEST_POSTGRES_URL) PostgreSQL.
//!
//! Every step that runs must answer exactly as Prisma did, except the steps listed in
//! `tests/golden_known_failures.txt` (each with the reason it does not yet). A listed step that now passes
//! fails the test too, so the list only ever shrinks.

use std::collections::BTreeSet;

use refract_tests::database::TestProvider;
use refract_tests::golden::{load_scenarios, run_scenario, StepOutcome};

fn known_failures(provider: TestProvider) -> BTreeSet<String> {
    let text = include_str!("golden_known_failures.txt");
    text.lines()
        .filter_map(|line| line.split_once(" | "))
        .filter(|(prefix, _)| *prefix == provider.name())
        .map(|(_, rest)| rest.split(" || ").next().unwrap_or(rest).trim().to_string())
        .collect()
}

async fn run(provider: TestProvider) {
    let Some(server_url) = provider.server_url() else {
        return;
    };
    let known = known_failures(provider);
    let scenarios = load_scenarios().expect("the shared scenarios are readable");
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for scenario in &scenarios {
        if !scenario.providers().iter().any(|p| p == provider.name()) {
            continue;
        }
        let results = match run_scenario(scenario, provider, &server_url).await {
            Ok(results) => results,
            Err(error) => {
                failed += 1;
                if !known.contains(&scenario.name) {
                    unexpected.push(format!("{}: {error}", scenario.name));
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
    println!(
        "{}: {passed} passed, {failed} failed, {skipped} skipped (recorded Prisma scenarios, JSON protocol)",
        provider.name()
    );
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
        "{} unexpected failures:\n{}\n{} listed failures now pass (remove them from the list):\n{}",
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
