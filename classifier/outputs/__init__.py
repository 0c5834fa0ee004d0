"""Outputs: the writing edge of the pipeline. Atomic writes of tables and folders, JSON Lines, and
the sinks that commit a tagging run chunk by chunk to JSONL, CSV, Parquet or SQLite."""
