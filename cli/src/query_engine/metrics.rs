//! The engine's metrics in Prisma's shapes (`GET /metrics?format=json` and Prometheus text), so that
//! `client.get_metrics()` of Prisma Client Python parses them. Every key Prisma reports exists from
//! startup; client-query counts and durations are measured, pool figures describe the engine's pool as
//! far as it is known.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{json, Map, Value};

/// Prisma's fixed histogram bucket bounds, in milliseconds.
const BUCKETS: [f64; 10] = [
    0.0, 1.0, 5.0, 10.0, 50.0, 100.0, 500.0, 1000.0, 5000.0, 50000.0,
];

const COUNTERS: [(&str, &str); 4] = [
    (
        "prisma_client_queries_total",
        "The total number of Prisma Client queries executed",
    ),
    (
        "prisma_datasource_queries_total",
        "The total number of datasource queries executed",
    ),
    (
        "prisma_pool_connections_opened_total",
        "The total number of pool connections opened",
    ),
    (
        "prisma_pool_connections_closed_total",
        "The total number of pool connections closed",
    ),
];

const GAUGES: [(&str, &str); 5] = [
    (
        "prisma_client_queries_active",
        "The number of currently active Prisma Client queries",
    ),
    (
        "prisma_client_queries_wait",
        "The number of datasource queries currently waiting for a free connection",
    ),
    (
        "prisma_pool_connections_busy",
        "The number of pool connections currently executing datasource queries",
    ),
    (
        "prisma_pool_connections_idle",
        "The number of pool connections that are not busy running a query",
    ),
    (
        "prisma_pool_connections_open",
        "The number of pool connections currently open",
    ),
];

const HISTOGRAMS: [(&str, &str); 3] = [
    (
        "prisma_client_queries_duration_histogram_ms",
        "The distribution of the time Prisma Client queries took to run end to end",
    ),
    (
        "prisma_client_queries_wait_histogram_ms",
        "The distribution of the time all datasource queries spent waiting for a free connection",
    ),
    (
        "prisma_datasource_queries_duration_histogram_ms",
        "The distribution of the time datasource queries took to run",
    ),
];

/// Per-bucket counts (non-cumulative), sum and count of one histogram.
#[derive(Debug, Clone, Default)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn record(&mut self, millis: f64) {
        let index = BUCKETS
            .iter()
            .position(|bound| millis <= *bound)
            .unwrap_or(BUCKETS.len() - 1);
        self.buckets[index] += 1;
        self.sum += millis;
        self.count += 1;
    }
}

/// The live metrics of one engine.
#[derive(Debug, Default)]
pub struct Metrics {
    client_queries: AtomicU64,
    active: AtomicI64,
    duration: Mutex<Histogram>,
}

impl Metrics {
    pub fn new() -> Metrics {
        Metrics::default()
    }

    /// Marks the start of a client request; pair with [`Metrics::finish_query`].
    pub fn start_query(&self) {
        self.active.fetch_add(1, Ordering::Relaxed);
    }

    /// Records a finished client request and how long it took.
    pub fn finish_query(&self, elapsed: Duration) {
        self.active.fetch_sub(1, Ordering::Relaxed);
        self.client_queries.fetch_add(1, Ordering::Relaxed);
        let mut histogram = self
            .duration
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        histogram.record(elapsed.as_secs_f64() * 1000.0);
    }

    fn counter(&self, key: &str) -> u64 {
        match key {
            "prisma_client_queries_total" => self.client_queries.load(Ordering::Relaxed),
            "prisma_pool_connections_opened_total" => 1,
            _ => 0,
        }
    }

    fn gauge(&self, key: &str) -> f64 {
        match key {
            "prisma_client_queries_active" => self.active.load(Ordering::Relaxed).max(0) as f64,
            "prisma_pool_connections_open" | "prisma_pool_connections_idle" => 1.0,
            _ => 0.0,
        }
    }

    fn histogram(&self, key: &str) -> Histogram {
        if key == "prisma_client_queries_duration_histogram_ms" {
            self.duration
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .clone()
        } else {
            Histogram::default()
        }
    }

    /// The JSON document of `GET /metrics?format=json`, with `labels` added to every metric.
    pub fn to_json(&self, labels: &Map<String, Value>) -> Value {
        let counters: Vec<Value> = COUNTERS
            .iter()
            .map(|(key, description)| {
                json!({"key": key, "labels": labels, "value": self.counter(key), "description": description})
            })
            .collect();
        let gauges: Vec<Value> = GAUGES
            .iter()
            .map(|(key, description)| {
                json!({"key": key, "labels": labels, "value": self.gauge(key), "description": description})
            })
            .collect();
        let histograms: Vec<Value> = HISTOGRAMS
            .iter()
            .map(|(key, description)| {
                let histogram = self.histogram(key);
                let buckets: Vec<Value> = BUCKETS
                    .iter()
                    .zip(histogram.buckets.iter())
                    .map(|(bound, count)| json!([bound, count]))
                    .collect();
                json!({
                    "key": key,
                    "labels": labels,
                    "value": {"buckets": buckets, "sum": histogram.sum, "count": histogram.count},
                    "description": description
                })
            })
            .collect();
        json!({"counters": counters, "gauges": gauges, "histograms": histograms})
    }

    /// The Prometheus text of `GET /metrics`, with `labels` added to every metric.
    pub fn to_prometheus(&self, labels: &Map<String, Value>) -> String {
        let mut sorted: Vec<(String, String)> = labels
            .iter()
            .map(|(name, value)| (name.clone(), value.as_str().unwrap_or_default().to_string()))
            .collect();
        sorted.sort();
        let render = |extra: Option<(&str, String)>| -> String {
            let mut pairs = sorted.clone();
            if let Some((name, value)) = extra {
                pairs.push((name.to_string(), value));
                pairs.sort();
            }
            if pairs.is_empty() {
                return String::new();
            }
            let inner: Vec<String> = pairs
                .iter()
                .map(|(name, value)| format!("{name}=\"{}\"", escape_label(value)))
                .collect();
            format!("{{{}}}", inner.join(","))
        };
        let mut out = String::new();
        for (key, description) in COUNTERS {
            out.push_str(&format!(
                "# HELP {key} {description}\n# TYPE {key} counter\n{key}{} {}\n\n",
                render(None),
                self.counter(key)
            ));
        }
        for (key, description) in GAUGES {
            out.push_str(&format!(
                "# HELP {key} {description}\n# TYPE {key} gauge\n{key}{} {}\n\n",
                render(None),
                self.gauge(key)
            ));
        }
        for (key, description) in HISTOGRAMS {
            let histogram = self.histogram(key);
            out.push_str(&format!(
                "# HELP {key} {description}\n# TYPE {key} histogram\n"
            ));
            let mut cumulative = 0;
            for (bound, count) in BUCKETS.iter().zip(histogram.buckets.iter()) {
                cumulative += count;
                out.push_str(&format!(
                    "{key}_bucket{} {cumulative}\n",
                    render(Some(("le", bound.to_string())))
                ));
            }
            out.push_str(&format!(
                "{key}_bucket{} {}\n",
                render(Some(("le", "+Inf".to_string()))),
                histogram.count
            ));
            out.push_str(&format!("{key}_sum{} {}\n", render(None), histogram.sum));
            out.push_str(&format!(
                "{key}_count{} {}\n\n",
                render(None),
                histogram.count
            ));
        }
        out
    }
}

fn escape_label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_every_key_and_counts_queries() {
        let metrics = Metrics::new();
        metrics.start_query();
        metrics.finish_query(Duration::from_millis(3));
        let labels = Map::new();
        let document = metrics.to_json(&labels);
        assert_eq!(document["counters"].as_array().unwrap().len(), 4);
        assert_eq!(document["gauges"].as_array().unwrap().len(), 5);
        assert_eq!(document["counters"][0]["value"], 1);
        let histogram = &document["histograms"][0]["value"];
        assert_eq!(histogram["count"], 1);
        assert_eq!(histogram["buckets"][2], json!([5.0, 1]));
    }

    #[test]
    fn prometheus_buckets_are_cumulative_and_labelled() {
        let metrics = Metrics::new();
        metrics.start_query();
        metrics.finish_query(Duration::from_millis(0));
        let mut labels = Map::new();
        labels.insert("app".into(), json!("x"));
        let text = metrics.to_prometheus(&labels);
        assert!(text.contains("# TYPE prisma_client_queries_total counter\n"));
        assert!(text.contains("prisma_client_queries_total{app=\"x\"} 1\n"));
        assert!(text.contains(
            "prisma_client_queries_duration_histogram_ms_bucket{app=\"x\",le=\"50000\"} 1\n"
        ));
    }
}
