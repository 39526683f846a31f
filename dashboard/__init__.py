"""saidgraph's Streamlit dashboard: pages only format what ``graph`` answers."""
