//! Cross-connector conformance suite: data-driven cases run on every connector whose capabilities they need.
