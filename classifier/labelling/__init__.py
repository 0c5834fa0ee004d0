"""Labelling: what to label next, the label file written as labels are given, the terminal app and
its keys, the spreadsheet route, and agreement between annotators."""
