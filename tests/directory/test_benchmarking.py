"""The load stage of `make bench` (directory/benchmarking.py): gunicorn as deployed, against
the test database, for a fraction of a second per level."""

import pytest
from django.core.management.base import CommandError

from directory import benchmarking


@pytest.mark.django_db(transaction=True)
def test_the_load_stage_serves_the_pages_in_gunicorn_and_prints_each_level_and_its_sql(
    committed_reference_data, tasking_officer
):
    endpoints = [
        benchmarking.Endpoint("home page", "/", tasking_officer),
        benchmarking.Endpoint("request list (API)", "/api/tasking-requests/", tasking_officer),
    ]
    lines = []

    measured = benchmarking.run_load(
        endpoints, write=lines.append, levels=(1, 2), seconds=0.3, workers=1, sql_requests=2
    )

    for name in ("home page", "request list (API)"):
        assert [level.clients for level in measured[name]] == [1, 2]
        for level in measured[name]:
            assert level.errors == 0
            assert level.timings
            assert level.per_second > 0
            assert level.percentile(50) <= level.percentile(95) <= level.percentile(99)
    table = "\n".join(lines)
    assert "req/s" in table
    assert "p99 ms" in table
    assert "errors" in table
    assert "SQL ms" in table
    assert "ratio" in table
    rows = [line.split() for line in table.splitlines() if line.startswith("home page")]
    assert [row[2] for row in rows[:2]] == ["1", "2"]  # each level, then the SQL line
    assert len(rows) == 3


@pytest.mark.django_db(transaction=True)
def test_an_answer_other_than_the_page_counts_as_an_error_under_load(
    committed_reference_data, tasking_officer
):
    """A record the reader may not see (404), and a sign-in page for a client without a
    session (302), are errors, not fast answers."""
    signed_in = benchmarking.session_cookie(tasking_officer)
    with benchmarking.gunicorn(workers=1) as port:
        missing = benchmarking.load_level(
            port, "/tasking/requests/999999999/", [signed_in], seconds=0.2
        )
        signed_out = benchmarking.load_level(port, "/", [""], seconds=0.2)
        home = benchmarking.load_level(port, "/", [signed_in], seconds=0.2)

    assert missing.errors > 0
    assert not missing.timings
    assert signed_out.errors > 0
    assert not signed_out.timings
    assert home.errors == 0
    assert home.timings


def test_benchmark_data_seeded_at_another_scale_is_refused_not_topped_up():
    assert benchmarking.check_seeded("targets", found=0, wanted=5_000) is False
    assert benchmarking.check_seeded("targets", found=5_000, wanted=5_000) is True
    with pytest.raises(CommandError, match="50,000 benchmark targets, not the 5,000"):
        benchmarking.check_seeded("targets", found=50_000, wanted=5_000)


def test_each_scale_multiplies_the_benchmark_data():
    sizes = {
        name: benchmarking.scaled(200_000, scale) for name, scale in benchmarking.SCALES.items()
    }
    assert sizes == {"tenth": 20_000, "full": 200_000, "ten": 2_000_000}
