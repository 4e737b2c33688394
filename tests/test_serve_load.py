"""Live reload under load: the catalogue rewritten 20 times, valid and invalid edits
alternating, while clients keep asking for quotes."""

from __future__ import annotations

import pytest
from benchmarks.bench_serve import reload_under_load

pytest.importorskip("litestar", reason="servicekit serve needs the serve extra")


def test_rewrites_under_load_fail_no_request_and_every_quote_matches_its_etag(tmp_path):
    result = reload_under_load(tmp_path, edits=20, pause=0.6)
    assert result["failed"] == 0, result["failures"]
    assert result["mismatched"] == 0
    assert result["requests"] > 100
    assert result["versions"] >= 3  # the valid edits were picked up while the load ran
