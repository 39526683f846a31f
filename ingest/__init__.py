"""saidgraph's ingest layer: sources, article parsing, NLP extraction and jobs."""
