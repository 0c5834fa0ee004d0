"""Parquet files joined byte for byte: the same rows as decoding and encoding them, or a refusal
the sink answers by merging the slow way."""

import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from classifier.outputs.parquet_concat import CannotConcat, _Reader, _Writer, concat_parquet


def _part(tmp_path, name, start, rows, **options):
    table = pa.table(
        {
            "doc_id": [f"d{i // 7}" for i in range(start, start + rows)],
            "sent_index": list(range(start, start + rows)),
            "text": [
                f"Sentence {i} said “so”." if i % 5 else None for i in range(start, start + rows)
            ],
            "confidence": [i / 1000 for i in range(start, start + rows)],
            "flag": [i % 3 == 0 for i in range(start, start + rows)],
        }
    )
    path = tmp_path / name
    pq.write_table(table, path, use_dictionary=["doc_id"], row_group_size=40, **options)
    return path, table


def test_joined_file_holds_every_part_in_order_with_its_row_groups(tmp_path):
    parts = [_part(tmp_path, f"p{i}.parquet", 100 * i, 90 + i) for i in range(3)]
    out = tmp_path / "all.parquet"
    with open(out, "wb") as handle:
        concat_parquet([path for path, _ in parts], handle)
    joined = pq.ParquetFile(out)
    assert joined.metadata.num_rows == sum(table.num_rows for _, table in parts)
    assert joined.metadata.num_row_groups == sum(pq.ParquetFile(p).num_row_groups for p, _ in parts)
    assert joined.read().equals(pa.concat_tables([table for _, table in parts]))
    # Statistics moved with their chunks: the last row group's are the last part's.
    last = joined.metadata.row_group(joined.metadata.num_row_groups - 1).column(1).statistics
    assert last.max == 100 * 2 + 90 + 2 - 1
    assert pd.read_parquet(out)["sent_index"].is_monotonic_increasing


def test_footer_reads_and_writes_back_byte_for_byte(tmp_path):
    path, _ = _part(tmp_path, "p.parquet", 0, 120)
    data = path.read_bytes()
    length = int.from_bytes(data[-8:-4], "little")
    footer = data[-8 - length : -8]
    assert _Writer().struct(_Reader(footer).struct()) == footer


def test_page_indexes_are_refused(tmp_path):
    paths = [_part(tmp_path, f"p{i}.parquet", 0, 50, write_page_index=True)[0] for i in range(2)]
    with pytest.raises(CannotConcat, match="page indexes"):
        concat_parquet(paths, io.BytesIO())


def test_a_file_that_is_not_parquet_is_refused(tmp_path):
    path = tmp_path / "p.parquet"
    path.write_bytes(b"PAR1 not really PAR1")
    with pytest.raises(CannotConcat):
        concat_parquet([path], io.BytesIO())
