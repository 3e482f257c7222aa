//! The criterion set-up of the benches and the engine/raw ratio tables printed at the end of a run.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use criterion::Criterion;
use serde_json::Value;

use super::setup::{group_name, PROVIDERS};

/// Where criterion writes this run's estimates, and when the run started (older estimates are not
/// reported: a filter may have skipped some benchmarks).
pub struct Report {
    dir: PathBuf,
    started: SystemTime,
}

impl Report {
    pub fn start() -> Report {
        Report {
            dir: criterion_dir(),
            started: SystemTime::now(),
        }
    }

    /// Criterion with the bench's defaults, then the command line's options (`-- --measurement-time 3`,
    /// a filter such as `mysql_include`) on top.
    pub fn criterion(&self, sample_size: usize, measurement: Duration) -> Criterion {
        Criterion::default()
            .sample_size(sample_size)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(measurement)
            .output_directory(&self.dir)
            .configure_from_args()
    }

    /// One line per measured workload and database (engine time, raw time, ratio), then the ratios as a
    /// workload × database table.
    pub fn print(&self, workloads: &[&str]) {
        let width = workloads.iter().map(|w| w.len()).max().unwrap_or(0).max(8);
        println!("\nengine / raw (criterion point estimates, this run)");
        println!(
            "{:<10} {:<width$} {:>12} {:>12} {:>7}",
            "database", "workload", "engine", "raw", "ratio"
        );
        let mut ratios = Vec::new();
        for provider in PROVIDERS {
            for workload in workloads {
                let group = group_name(provider, workload);
                let Some((engine, raw)) = self.pair(&group) else {
                    continue;
                };
                println!(
                    "{:<10} {:<width$} {:>12} {:>12} {:>6.2}x",
                    provider.name(),
                    workload,
                    format_ns(engine),
                    format_ns(raw),
                    engine / raw
                );
                ratios.push((provider, *workload, engine / raw));
            }
        }
        if ratios.is_empty() {
            return;
        }
        print!("\n{:<width$}", "ratio");
        for provider in PROVIDERS {
            print!(" {:>10}", provider.name());
        }
        println!();
        for workload in workloads {
            print!("{workload:<width$}");
            for provider in PROVIDERS {
                match ratios
                    .iter()
                    .find(|(p, w, _)| *p == provider && w == workload)
                {
                    Some((_, _, ratio)) => print!(" {:>9.2}x", ratio),
                    None => print!(" {:>10}", "-"),
                }
            }
            println!();
        }
    }

    /// The engine and raw estimates of a group, when this run wrote both.
    fn pair(&self, group: &str) -> Option<(f64, f64)> {
        let fresh = |function: &str| {
            let path = estimates_path(&self.dir, group, function);
            std::fs::metadata(path)
                .and_then(|m| m.modified())
                .map(|m| m >= self.started)
                .unwrap_or(false)
        };
        if !fresh("engine") || !fresh("raw") {
            return None;
        }
        Some((
            estimate(&self.dir, group, "engine")?,
            estimate(&self.dir, group, "raw")?,
        ))
    }
}

/// Where criterion writes its estimates: `$CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`, else
/// next to the bench binary's target directory (`<target>/release/deps/<bench>-<hash>`).
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("target"))
        .join("criterion")
}

fn estimates_path(dir: &Path, group: &str, function: &str) -> PathBuf {
    dir.join(group).join(function).join("new/estimates.json")
}

/// The point estimate (ns per iteration) criterion wrote for one benchmark: the regression slope when it
/// has one, else the mean.
fn estimate(dir: &Path, group: &str, function: &str) -> Option<f64> {
    let text = std::fs::read_to_string(estimates_path(dir, group, function)).ok()?;
    let value: Value = serde_json::from_str(&text).ok()?;
    ["slope", "mean"]
        .iter()
        .find_map(|key| value.get(key)?.get("point_estimate")?.as_f64())
}

fn format_ns(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.1} µs", ns / 1e3)
    }
}
