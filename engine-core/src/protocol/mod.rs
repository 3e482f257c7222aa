//! Request protocols (JSON, later GraphQL) decoded into one query document, and response encoding.
