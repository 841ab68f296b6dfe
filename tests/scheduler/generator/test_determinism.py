"""Generation is a pure function of the config: one seeded `random.Random`, nothing else."""

from __future__ import annotations

import random

from models.exchange import dump_document
from scheduler.generator import GeneratorConfig, generate_instance


def test_the_same_config_gives_a_byte_identical_document() -> None:
    config = GeneratorConfig(seed=11, proposals=120, instruments=12, shifts=300)
    assert dump_document(generate_instance(config)) == dump_document(generate_instance(config))


def test_a_different_seed_gives_a_different_round() -> None:
    first = generate_instance(GeneratorConfig(seed=1, proposals=50))
    second = generate_instance(GeneratorConfig(seed=2, proposals=50))
    assert dump_document(first) != dump_document(second)


def test_generation_neither_reads_nor_moves_the_global_random_state() -> None:
    random.seed(5)
    expected = [random.random() for _ in range(3)]
    random.seed(5)
    generate_instance(GeneratorConfig(seed=3, proposals=40))
    assert [random.random() for _ in range(3)] == expected
    random.seed(99)
    reseeded = generate_instance(GeneratorConfig(seed=3, proposals=40))
    assert reseeded == generate_instance(GeneratorConfig(seed=3, proposals=40))
