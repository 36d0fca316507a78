"""The filter table: valid filters with the exact runs they match, invalid ones with
the position and the words the error must name, on SQLite and PostgreSQL.

One test per backend walks the whole table against one corpus (tests/search/fixtures)
and reports every mismatching row at once."""

from __future__ import annotations

import grpc

from cairn.client import Client
from cairn.errors import CairnError
from tests.search.fixtures import ACTIVE, Corpus, build_corpus

ALL = set(ACTIVE)

# (filter, names of the matching active runs). {rN} stands for run rN's id.
VALID: list[tuple[str, set[str]]] = [
    ("", ALL),
    ("   ", ALL),
    # metrics: numbers, six comparison operators; NaN only differs; missing never matches
    ("metrics.acc > 0.9", {"r1"}),
    ("metrics.acc >= 0.8", {"r1", "r2"}),
    ("metrics.acc < 0.6", {"r5", "r6"}),
    ("metrics.acc <= 0.5", {"r5", "r6"}),
    ("metrics.acc = 0.95", {"r1"}),
    ("metrics.acc != 0.95", {"r2", "r3", "r5", "r6", "r8"}),
    ("metric.acc > 0", {"r1", "r2", "r5", "r8"}),
    ("metrics.acc > -2", {"r1", "r2", "r5", "r6", "r8"}),
    ("metrics.acc>-1.5", {"r1", "r2", "r5", "r8"}),
    ("metrics.acc > 1e-1", {"r1", "r2", "r5", "r8"}),
    ("metrics.acc > .94", {"r1"}),
    ("metrics.`f1-score` > 0.5", {"r1"}),
    ('metrics."f1-score" >= 0.9', {"r1"}),
    ("metrics.acc != 0.95 AND metrics.acc != 0.8", {"r3", "r5", "r6", "r8"}),
    ("metrics.missing < 100", set()),
    # params: quoted strings, = != LIKE ILIKE; runs lacking the param never match
    ("params.lr = '0.01'", {"r1", "r3", "r6", "r8"}),
    ('params.lr = "0.01"', {"r1", "r3", "r6", "r8"}),
    ("param.optimizer = 'adam'", {"r1"}),
    ("parameters.optimizer != 'adam'", {"r2", "r3"}),
    ("parameter.optimizer LIKE 'ad%'", {"r1"}),
    ("params.optimizer ILIKE 'AD%'", {"r1", "r3"}),
    ("params.model LIKE 'bert_%'", {"r5"}),
    ("params.model LIKE 'bert\\_large'", {"r5"}),
    ("params.model LIKE 'bert'", {"r1"}),
    ("params.missing = 'x'", set()),
    # tags, including dotted and quoted keys and LIKE escapes
    ("tags.team = 'nlp'", {"r1", "r6", "r8"}),
    ("tag.team ILIKE 'nlp'", {"r1", "r4", "r6", "r8"}),
    ("tags.team LIKE 'NLP'", {"r4"}),
    ("tags.\"model.type\" = 'cnn'", {"r1"}),
    ("tags.`model.type` != 'cnn'", {"r5"}),
    ("tags.model.type = 'rnn'", {"r5"}),
    ("tags.note LIKE '50%'", {"r2", "r8"}),
    ("tags.note LIKE '50\\%%'", {"r8"}),
    ("tags.note LIKE '%\\_off'", {"r8"}),
    ("tags.quote = 'it''s'", {"r3"}),
    ("tags.quote = 'it\\'s'", {"r3"}),
    ('tags.quote = "it\'s"', {"r3"}),
    # attributes: status by name, times as numbers, run ids, users, names, URIs
    ("status = 'FINISHED'", {"r1", "r6"}),
    ("attributes.status != 'FINISHED'", {"r2", "r3", "r4", "r5", "r8"}),
    ("attribute.status IN ('FAILED', 'KILLED')", {"r2", "r4"}),
    ("attr.status LIKE 'F%'", {"r1", "r2", "r6"}),
    ("run.status ILIKE 'running'", {"r3", "r8"}),
    ("status = 'finished'", set()),
    ("status = 'NO_SUCH_STATUS'", set()),
    ("attributes.run_name = 'r2'", {"r2"}),
    ("run_name LIKE 'r%'", ALL),
    ("`Run name` = 'r3'", {"r3"}),
    ("attributes.start_time >= 5000", {"r5", "r6", "r8"}),
    ("created < 2500", {"r1", "r2"}),
    ("attributes.end_time > 0", {"r1", "r2", "r4", "r6"}),
    ("attributes.end_time < 7000", {"r1", "r2"}),
    ("end_time IS NULL", {"r3", "r5", "r8"}),
    ("attributes.user_id = 'alice'", {"r1"}),
    ("user = 'bob'", {"r2"}),
    ("attributes.run_id = '{r1}'", {"r1"}),
    ("run_id IN ('{r1}', '{r2}', '{r7}')", {"r1", "r2"}),
    ("attributes.run_id NOT IN ('{r1}')", ALL - {"r1"}),
    ("parent_run_id = '{r1}'", {"r6"}),
    ("parent_run_id IS NULL", ALL - {"r6"}),
    ("attributes.artifact_uri LIKE '%{r2}%'", {"r2"}),
    # datasets
    ("datasets.name = 'imagenet'", {"r1"}),
    ("dataset.digest IN ('sha:d1', 'sha:d2')", {"r1", "r2"}),
    ("datasets.context = 'validation'", {"r1"}),
    ("datasets.name != 'imagenet'", {"r2"}),
    ("datasets.name IS NULL", {"r3", "r4", "r5", "r6", "r8"}),
    # AND (MLflow), keywords in any case
    ("metrics.acc > 0.5 AND params.lr = '0.01'", {"r1", "r8"}),
    ("metrics.acc > 0.5 and tags.team = 'nlp' and status = 'FINISHED'", {"r1"}),
    ("params.lr = '0.01' AND tags.team = 'nlp' AND metrics.acc < 0", {"r6"}),
    # beyond MLflow: OR, NOT, parentheses, IN / NOT IN / IS NULL everywhere
    ("metrics.acc > 0.9 OR tags.team = 'vision'", {"r1", "r2"}),
    ("NOT tags.team = 'nlp'", {"r2", "r3", "r4", "r5"}),
    ("NOT (metrics.acc > 0.5 OR status = 'KILLED')", {"r3", "r5", "r6"}),
    ("(params.lr = '0.1' OR params.lr = '0.001') AND metrics.acc > 0", {"r2", "r5"}),
    ("not metrics.missing < 100", ALL),
    ("metrics.acc IS NULL", {"r4"}),
    ("metrics.acc IS NOT NULL", {"r1", "r2", "r3", "r5", "r6", "r8"}),
    ("params.lr NOT IN ('0.01', '0.1')", {"r5"}),
    ("metrics.loss IN (0.1, 0.3)", {"r1", "r3"}),
    ("tags.priority IS NOT NULL", {"r1"}),
    ("params.optimizer NOT LIKE 'a%'", {"r2", "r3"}),
    ("METRICS.acc > 0.9", {"r1"}),
    # NOT of a null test is compiled as the opposite test, NOT NOT as nothing
    ("NOT tags.priority IS NULL", {"r1"}),
    ("NOT metrics.acc IS NOT NULL", {"r4"}),
    ("NOT datasets.name IS NULL", ALL - {"r3", "r4", "r5", "r6", "r8"}),
    ("NOT end_time IS NULL", ALL - {"r3", "r5", "r8"}),
    ("NOT NOT tags.team = 'nlp'", ALL - {"r2", "r3", "r4", "r5"}),
    ("NOT (NOT metrics.acc IS NULL OR tags.team = 'nlp')", {"r4"}),
]

# (filter, position the message must name, words it must contain)
INVALID: list[tuple[str, int, str]] = [
    ("params.lr > '0.01'", 10, "string and cannot be compared with >"),
    ("params.lr = 0.01", 12, "expected a quoted string"),
    ("params.optimizer = adam", 19, "quote string values"),
    ("tags.team = `nlp`", 12, "backticks quote names"),
    ("metrics.acc = '0.9'", 14, "expected a number"),
    ("metrics.acc LIKE '0.9%'", 12, "numeric and cannot be compared with LIKE"),
    ("status = 3", 9, "expected a quoted string"),
    ("attributes.start_time > 'yesterday'", 24, "expected a number"),
    ("run_id IN ('a', 1)", 16, "expected a quoted string"),
    ("attributes.foo = 'x'", 0, "not a run attribute"),
    ("bogus.acc > 1", 0, "unknown field prefix"),
    ("datasets.size = '1'", 0, "not a dataset column"),
    ("metrics.acc > 0.9 AND", 21, "expected a field"),
    ("AND metrics.acc > 1", 0, "expected a field"),
    ("metrics.acc > 0.9 params.lr = '0.01'", 18, "expected AND, OR or the end"),
    ("(metrics.acc > 0.9", 18, "expected ')'"),
    ("metrics.acc 0.9", 12, "expected a comparison operator"),
    ("run_id IN ()", 11, "at least one value"),
    ("params.lr = 'unterminated", 12, "unterminated"),
    ("metrics.acc <> 1", 12, "use '!='"),
    ("status == 'FINISHED'", 7, "use '='"),
    ("params.lr = NULL", 12, "IS NULL"),
    ("metrics.acc IS 1", 15, "expected NULL after IS"),
    ("metrics.f1-score > 0.5", 10, "unexpected character '-'"),
    ("metrics.acc > 1e", 14, "malformed number"),
    ("params. = 'x'", 8, "expected a key after 'params.'"),
    ("metrics.acc NOT > 1", 16, "expected IN, LIKE or ILIKE after NOT"),
    ("tags.a.`b` = 'x'", 6, "unexpected '.'"),
    ("()", 1, "empty parentheses"),
]


def _search(client: Client, corpus: Corpus, text: str) -> set[str]:
    runs = client.search_runs([], corpus.fill(text), page_size=1000)
    return set(corpus.names([r.run_id for r in runs]))


def test_filter_table(client: Client) -> None:
    assert len(VALID) + len(INVALID) >= 60
    corpus = build_corpus(client)
    problems: list[str] = []
    for text, expected in VALID:
        try:
            got = _search(client, corpus, text)
        except CairnError as exc:
            problems.append(f"{text!r}: unexpected error {exc}")
            continue
        if got != expected:
            problems.append(f"{text!r}: expected {sorted(expected)}, got {sorted(got)}")
    for text, position, words in INVALID:
        try:
            _search(client, corpus, text)
        except CairnError as exc:
            ok = (
                exc.code == grpc.StatusCode.INVALID_ARGUMENT
                and exc.reason == "INVALID_FILTER"
                and [f for f, _ in exc.field_violations] == ["filter"]
                and f"at position {position} " in exc.message
                and words in exc.message
            )
            if not ok:
                problems.append(f"{text!r}: wrong error {exc} ({exc.reason})")
        else:
            problems.append(f"{text!r}: accepted, expected an error at {position}")
    assert not problems, "\n".join(problems)
