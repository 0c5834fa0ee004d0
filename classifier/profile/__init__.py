"""Profiles: what a credibility analyst reads off tagged sentences (signals), per-source profiles,
and bootstrap intervals over articles. Pure functions over DataFrames."""
