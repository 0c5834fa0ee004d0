"""Sparse matrices stored by rows (CSR) as plain numpy arrays: what tagging needs of them.

Importing ``scipy.sparse`` takes 0.07-0.1 s (its array-API layer imports ``numpy.f2py`` and
``numpy.testing``), a sixth of ``classifier tag`` on a few articles. Tagging asks few things of
its count matrices: build them, merge repeated entries, weight entries, take rows, multiply by a
dense matrix. Those are here, in numpy while a run is small; once it has merged or multiplied
``SCIPY_ENTRIES`` entries in all (or scipy is loaded anyway), merging and products go to scipy,
whose loops are 2-4x faster than numpy's sorts, gathers and bincounts (numpy alone made a run of
200,000 sentences a fifth slower). Either way the result is the same to the bit: a product adds
each row's entries in the order they are stored, as scipy does, and merging sums whole-number
counts. Training and explaining, which stack matrices and multiply two sparse ones, take scipy's
matrix from ``to_scipy`` (no copy).
"""

from __future__ import annotations

import sys
from typing import NamedTuple

import numpy as np

# Entries (times the columns of a dense factor, for products) after which scipy is imported: the
# numpy versions cost 10-40 ns more per entry, the import about 80 ms once.
SCIPY_ENTRIES = 200_000
_entries_in_numpy = 0


class SparseRows(NamedTuple):
    """Row ``i``'s entries are ``data[indptr[i]:indptr[i + 1]]`` in the columns
    ``indices[indptr[i]:indptr[i + 1]]`` (scipy's CSR layout); a column may repeat in a row,
    and the repeats add up."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    shape: tuple[int, int]

    @property
    def nnz(self) -> int:
        return len(self.data)

    def row_lengths(self) -> np.ndarray:
        return np.diff(self.indptr)

    def entry_rows(self) -> np.ndarray:
        """The row of each entry."""
        return np.repeat(np.arange(self.shape[0]), self.row_lengths())

    def with_data(self, data: np.ndarray) -> SparseRows:
        """The same entries with other values."""
        return self._replace(data=data)

    def toarray(self) -> np.ndarray:
        dense = np.zeros(self.shape)
        np.add.at(dense, (self.entry_rows(), self.indices), self.data)
        return dense

    def to_scipy(self):
        """scipy's CSR matrix of the same arrays (not copied)."""
        from scipy import sparse

        return sparse.csr_matrix(
            (self.data, self.indices, self.indptr), shape=self.shape, copy=False
        )


def empty(shape: tuple[int, int]) -> SparseRows:
    return SparseRows(
        np.zeros(0), np.zeros(0, np.int64), np.zeros(shape[0] + 1, np.int64), tuple(shape)
    )


def from_entries(rows: np.ndarray, columns: np.ndarray, shape, data=None) -> SparseRows:
    """The matrix of entries ``(rows[i], columns[i])`` (value ``data[i]``, 1 by default), kept in
    their order within each row; ``rows`` need not be sorted."""
    rows, columns = np.asarray(rows, np.int64), np.asarray(columns, np.int64)
    data = np.ones(len(rows)) if data is None else np.asarray(data, np.float64)
    indptr = np.zeros(shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
    if len(rows) and np.any(rows[1:] < rows[:-1]):
        order = np.argsort(rows, kind="stable")
        columns, data = columns[order], data[order]
    return SparseRows(data, columns, indptr, (int(shape[0]), int(shape[1])))


def stacked(matrices: list[SparseRows]) -> SparseRows:
    """The rows of ``matrices`` one after the other (they have the same number of columns)."""
    if len(matrices) == 1:
        return matrices[0]
    offsets = np.cumsum([0, *(matrix.nnz for matrix in matrices)])
    indptr = np.concatenate(
        [
            [0],
            *(
                matrix.indptr[1:] + offset
                for matrix, offset in zip(matrices, offsets[:-1], strict=True)
            ),
        ]
    )
    return SparseRows(
        np.concatenate([matrix.data for matrix in matrices]),
        np.concatenate([matrix.indices for matrix in matrices]),
        indptr.astype(np.int64),
        (sum(matrix.shape[0] for matrix in matrices), matrices[0].shape[1]),
    )


def merged(matrix: SparseRows) -> SparseRows:
    """Each row's repeated columns summed into one entry, columns in increasing order (scipy's
    ``sum_duplicates``). For counts: the sums are exact whatever order they are added in."""
    if _scipy_pays(matrix.nnz):
        merged = matrix.to_scipy().copy()
        merged.sum_duplicates()
        return SparseRows(merged.data, merged.indices, merged.indptr, matrix.shape)
    n_columns = max(matrix.shape[1], 1)
    keys = matrix.entry_rows() * n_columns + matrix.indices
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    first = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    data = np.add.reduceat(matrix.data[order], starts) if len(starts) else np.zeros(0)
    rows, columns = np.divmod(keys[starts], n_columns)
    return from_entries(rows, columns, matrix.shape, data)


def take_rows(matrix: SparseRows, which: np.ndarray) -> SparseRows:
    """The rows ``which`` (any order, repeats allowed), as ``matrix[which]``."""
    which = np.asarray(which, np.int64)
    lengths = matrix.row_lengths()[which]
    indptr = np.zeros(len(which) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    starts = np.repeat(matrix.indptr[which] - indptr[:-1], lengths)
    entries = starts + np.arange(indptr[-1])
    return SparseRows(
        matrix.data[entries], matrix.indices[entries], indptr, (len(which), matrix.shape[1])
    )


def dot(matrix: SparseRows, dense: np.ndarray) -> np.ndarray:
    """``matrix @ dense`` for a 2-D ``dense`` with ``matrix.shape[1]`` rows."""
    if _scipy_pays(matrix.nnz * max(dense.shape[1], 1)):
        return np.asarray(matrix.to_scipy() @ dense)
    rows = matrix.entry_rows()
    columns = np.ascontiguousarray(dense[matrix.indices].T)
    products = [
        np.bincount(rows, weights=matrix.data * column, minlength=matrix.shape[0])
        for column in columns
    ]
    if not products:
        return np.zeros((matrix.shape[0], 0))
    return np.column_stack(products)


def normalised_rows(matrix: SparseRows) -> SparseRows:
    """Each row scaled to unit length (an empty row stays empty); the data is divided in place."""
    lengths = matrix.row_lengths()
    squares = np.bincount(matrix.entry_rows(), weights=matrix.data**2, minlength=matrix.shape[0])
    norms = np.sqrt(squares)
    np.divide(matrix.data, np.repeat(np.where(norms > 0, norms, 1.0), lengths), out=matrix.data)
    return matrix


def _scipy_pays(work: int) -> bool:
    """Whether scipy should do ``work`` (entries): yes once it is loaded, or once this process
    has done ``SCIPY_ENTRIES`` entries' work in numpy with this."""
    global _entries_in_numpy
    if "scipy.sparse" in sys.modules:
        return True
    _entries_in_numpy += work
    return _entries_in_numpy > SCIPY_ENTRIES
