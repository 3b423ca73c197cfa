import random

from tasking.benchmarks import ALIASES_PER_TARGET, _aliases, _name
from tasking.rules import normalise_name


def test_the_benchmark_seed_gives_every_target_its_full_count_of_distinct_aliases():
    """The benchmark's 50,000 targets have 250,000 aliases: an alias that comes out as the
    target's own name, or as another of its aliases, is drawn again, not dropped."""
    rng = random.Random(2026)
    for _ in range(5_000):
        name = _name(rng)
        normalised = [normalise_name(alias) for alias in _aliases(rng, name)]
        assert len(normalised) == ALIASES_PER_TARGET
        assert len({normalise_name(name), *normalised}) == ALIASES_PER_TARGET + 1
