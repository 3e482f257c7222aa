//! The cross-connector conformance suite: every case file under `tests/cases` on SQLite and (with
//! TEST_POSTGRES_URL) PostgreSQL. Each file runs on a fresh database; every case must answer exactly as
//! Prisma 5.19 does. `CONFORMANCE_FILTER=<substring>` limits the run to matching files.

use refract_tests::conformance::{file_runs_on, load_case_files, run_file, CaseOutcome};
use refract_tests::database::TestProvider;

async fn run(provider: TestProvider) {
    let Some(server_url) = provider.server_url() else {
        return;
    };
    let files = load_case_files().expect("the case files are well formed");
    let filter = std::env::var("CONFORMANCE_FILTER").unwrap_or_default();
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut failures = Vec::new();
    for file in &files {
        if !file.name.contains(&filter) || !file_runs_on(file, provider) {
            continue;
        }
        match run_file(file, provider, &server_url).await {
            Ok(results) => {
                for result in results {
                    match result.outcome {
                        CaseOutcome::Passed => passed += 1,
                        CaseOutcome::Failed { expected, actual } => {
                            failed += 1;
                            failures.push(format!(
                                "{}\n    expected: {}\n    actual:   {}",
                                result.id, expected, actual["body"]
                            ));
                        }
                    }
                }
            }
            Err(error) => {
                let count = file.cases.len();
                failed += count;
                failures.push(format!("{} (all {count} cases): {error}", file.name));
            }
        }
    }
    println!(
        "conformance {}: {passed} passed, {failed} failed",
        provider.name()
    );
    assert!(
        failures.is_empty(),
        "conformance {}: {} failing:\n{}",
        provider.name(),
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite() {
    run(TestProvider::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn postgresql() {
    run(TestProvider::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn mysql() {
    run(TestProvider::Mysql).await;
}

#[test]
fn case_files_are_well_formed() {
    let files = load_case_files().expect("the case files are well formed");
    let total: usize = files.iter().map(|file| file.cases.len()).sum();
    assert!(total >= 250, "only {total} conformance cases");
    let mut names = std::collections::BTreeSet::new();
    for file in &files {
        assert!(
            names.insert(file.db_name()),
            "{}: database name clash",
            file.name
        );
        assert!(!file.cases.is_empty(), "{}: no cases", file.name);
    }
}
