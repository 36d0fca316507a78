"""The streamer's spool directory is a file format shared by every client: a spool
left by one language's streamer can be resent by another's (or by `cairn sync DIR`).
`spool_fixture/` is that format's golden copy, written by the Python SDK's Spool (three
records, seq 1 acknowledged); the Go, TypeScript and Java spool tests read it and write
the same records byte for byte. This test keeps the fixture in step with the Python
reference."""

from __future__ import annotations

from pathlib import Path

from cairn.spool import Spool

FIXTURE = Path(__file__).parent / "spool_fixture"
STREAM_ID = "0123456789abcdef0123456789abcdef"
ADDRESS = "127.0.0.1:7077"
BODIES = [b"\x0a\x03abc", b"", b"\xff\x00" * 40]


def test_python_writes_the_fixture_byte_for_byte(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "s", STREAM_ID, ADDRESS)
    for seq, body in enumerate(BODIES, 1):
        spool.append(seq, body)
    spool.mark_acked(1)
    spool.close()
    for name in ("000000000001.log", "acked"):
        assert (tmp_path / "s" / name).read_bytes() == (FIXTURE / name).read_bytes(), name


def test_python_reads_the_fixture() -> None:
    spool = Spool(FIXTURE, "other", "other:1")
    assert (spool.stream_id, spool.address) == (STREAM_ID, ADDRESS)
    assert spool.acked_seq() == 1
    assert list(spool.pending()) == [(2, BODIES[1]), (3, BODIES[2])]
    spool.close()
