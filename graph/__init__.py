"""saidgraph's graph layer: schema, model, stores, queries and analytics."""
