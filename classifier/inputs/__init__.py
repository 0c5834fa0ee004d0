"""Inputs: the reading edge of the pipeline. Article files (text, JSONL, CSV, Parquet), WARC crawls
and their HTML pages turned into text blocks, sentence rows and hand-label files, read whole or
streamed one article at a time."""
