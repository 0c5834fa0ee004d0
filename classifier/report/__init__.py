"""Report: per-source profiles as a terminal table, as CSV/JSON records, and as an offline HTML
report (pages, inline charts and their assets)."""
