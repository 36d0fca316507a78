"""The streamer's spool on disk: torn records at a segment's end are cut off, headers
included, so the next append to that segment is read back."""

from __future__ import annotations

from pathlib import Path

from cairn.spool import HEADER, Spool


def test_a_torn_header_is_cut_and_the_next_append_reads_back(tmp_path: Path) -> None:
    spool = Spool(tmp_path, "s", "a:1")
    spool.append(1, b"one")
    spool.mark_acked(1)
    spool.close()
    # The process died seven bytes into seq 2's header, the first record of its segment.
    segment = tmp_path / "000000000002.log"
    segment.write_bytes(HEADER.pack(2, 3, 0)[:7])
    reopened = Spool(tmp_path, "s", "a:1")
    assert list(reopened.pending()) == []
    assert segment.stat().st_size == 0
    reopened.append(2, b"two")  # seq 2 again: the same segment file
    reopened.close()
    assert list(Spool(tmp_path, "s", "a:1").pending()) == [(2, b"two")]


def test_a_torn_body_is_cut(tmp_path: Path) -> None:
    spool = Spool(tmp_path, "s", "a:1")
    spool.append(1, b"one")
    spool.close()
    segment = tmp_path / "000000000001.log"
    whole = segment.stat().st_size
    with segment.open("ab") as f:
        f.write(HEADER.pack(2, 10, 0) + b"shor")
    assert list(Spool(tmp_path, "s", "a:1").pending()) == [(1, b"one")]
    assert segment.stat().st_size == whole
