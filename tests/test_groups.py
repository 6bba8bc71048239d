"""pytest-xdist's groups hold (tests/conftest.py): a grouped test is sent to the scheduler under its group."""

from __future__ import annotations

import pytest


@pytest.mark.xdist_group("the group check")
def test_a_grouped_test_is_scheduled_by_its_group(request):
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run by pytest-xdist with --dist loadgroup")
    assert request.node.nodeid.endswith("@the group check")
