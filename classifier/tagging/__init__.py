"""Tagging: a fitted model applied to sentences, to a stream of articles a chunk at a time in one
or several processes or on a Dask cluster, and the whole resumable run behind ``classifier tag``."""
