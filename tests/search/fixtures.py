"""A small corpus of runs whose every attribute is known, shared by the search tests.

r1  A  FINISHED 1000-5000  alice   params lr=0.01 optimizer=adam model=bert
                                   tags team=nlp model.type=cnn priority=high
                                   metrics acc .95, loss .1, f1-score .9
                                   inputs imagenet/sha:d1 (training, validation)
r2  A  FAILED   2000-6000  bob     params lr=0.1 optimizer=sgd; tags team=vision,
                                   note='50 percent'; metrics acc .8, loss .5
                                   inputs cifar/sha:d2 (training)
r3  A  RUNNING  3000-      tester  params lr=0.01 optimizer=Adam; tags quote=it's
                                   metrics acc NaN, loss .3
r4  A  KILLED   4000-7000  tester  tags team=NLP; no params, no metrics
r5  A  SCHEDULED 5000-     tester  params lr=0.001 model=bert_large
                                   tags model.type=rnn; acc .9, .7, .5 (latest .5)
r6  A  FINISHED 6000-8000  tester  child of r1; params lr=0.01; tags team=nlp; acc -1.5
r7  A  deleted run         tester  params lr=0.01; tags team=nlp; acc .99
r8  B  RUNNING  8000-      tester  params lr=0.01; tags team=nlp, note='50%_off'; acc .7
r9  C  (experiment C deleted)      params lr=0.01; tags team=nlp; acc .99
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cairn.client import Client
from cairn.v1 import run_pb2

ACTIVE = frozenset({"r1", "r2", "r3", "r4", "r5", "r6", "r8"})


@dataclass
class Corpus:
    runs: dict[str, str]  # name -> run_id
    experiments: dict[str, str]  # "A" | "B" | "C" -> experiment_id

    def names(self, run_ids: list[str]) -> list[str]:
        by_id = {v: k for k, v in self.runs.items()}
        return [by_id[r] for r in run_ids]

    def fill(self, text: str) -> str:
        """Substitutes {r1}-style placeholders with run ids."""
        return text.format(**self.runs)


def _dataset(name: str, digest: str, context: str) -> run_pb2.DatasetInput:
    return run_pb2.DatasetInput(dataset=run_pb2.Dataset(name=name, digest=digest), context=context)


def build_corpus(client: Client) -> Corpus:
    exps = {n: client.create_experiment(f"search-{n}").experiment_id for n in "ABC"}
    alice = Client(client.address, user="alice")
    bob = Client(client.address, user="bob")
    runs: dict[str, str] = {}

    def run(
        name: str,
        exp: str,
        start: int,
        by: Client = client,
        *,
        params: dict[str, str] | None = None,
        tags: dict[str, str] | None = None,
        parent_run_id: str = "",
    ) -> str:
        created = by.create_run(
            exps[exp],
            run_name=name,
            start_time_millis=start,
            params=params,
            tags=tags,
            parent_run_id=parent_run_id,
        )
        runs[name] = created.run_id
        return created.run_id

    def metric(run_id: str, key: str, *values: float) -> None:
        client.log_metric_batch(run_id, key, list(range(len(values))), list(values))

    with alice, bob:
        r1 = run(
            "r1",
            "A",
            1000,
            alice,
            params={"lr": "0.01", "optimizer": "adam", "model": "bert"},
            tags={"team": "nlp", "model.type": "cnn", "priority": "high"},
        )
        r2 = run("r2", "A", 2000, bob, params={"lr": "0.1", "optimizer": "sgd"})
    client.set_tags(r2, {"team": "vision", "note": "50 percent"})
    r3 = run("r3", "A", 3000, params={"lr": "0.01", "optimizer": "Adam"}, tags={"quote": "it's"})
    r4 = run("r4", "A", 4000, tags={"team": "NLP"})
    r5 = run("r5", "A", 5000, params={"lr": "0.001", "model": "bert_large"})
    client.set_tags(r5, {"model.type": "rnn"})
    r6 = run("r6", "A", 6000, parent_run_id=r1, params={"lr": "0.01"}, tags={"team": "nlp"})
    r7 = run("r7", "A", 7000, params={"lr": "0.01"}, tags={"team": "nlp"})
    r8 = run("r8", "B", 8000, params={"lr": "0.01"}, tags={"team": "nlp", "note": "50%_off"})
    r9 = run("r9", "C", 9000, params={"lr": "0.01"}, tags={"team": "nlp"})

    metric(r1, "acc", 0.95)
    metric(r1, "loss", 0.1)
    metric(r1, "f1-score", 0.9)
    metric(r2, "acc", 0.8)
    metric(r2, "loss", 0.5)
    metric(r3, "acc", math.nan)
    metric(r3, "loss", 0.3)
    metric(r5, "acc", 0.9, 0.7, 0.5)
    metric(r6, "acc", -1.5)
    metric(r7, "acc", 0.99)
    metric(r8, "acc", 0.7)
    metric(r9, "acc", 0.99)
    client.log_inputs(
        r1,
        [_dataset("imagenet", "sha:d1", "training"), _dataset("imagenet", "sha:d1", "validation")],
    )
    client.log_inputs(r2, [_dataset("cifar", "sha:d2", "training")])

    client.update_run(r1, status="FINISHED", end_time_millis=5000)
    client.update_run(r2, status="FAILED", end_time_millis=6000)
    client.update_run(r4, status="KILLED", end_time_millis=7000)
    client.update_run(r5, status="SCHEDULED")
    client.update_run(r6, status="FINISHED", end_time_millis=8000)
    client.update_run(r7, status="FINISHED", end_time_millis=9000)
    client.delete_run(r7)
    client.delete_experiment(exps["C"])
    return Corpus(runs, exps)
