"""Human-readable answers: the [n] in an answer is entry n of the sources under it, for every
question of the evaluation set, and the sources read well at 80 and 120 columns."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dlstudy.render import EMPTY_ANSWER
from eval.dataset import load_qa
from tests.dlstudy.conftest import WIDTHS, RunCli, check_layout, invoke, one_line_error
from tests.support.indexes import private_copy

MARKER = re.compile(r"\[(\d+)\]")
ENTRY = re.compile(r"^\[(\d+)\] Week (\d+) · (.+?) \((w\d\d-t\d\d)\) · (article|checklist description)\b")
KINDS = {"article": "article", "checklist": "checklist description"}


def blocks(stdout: str) -> list[str]:
    """A human batch's output, one block per question (the `Qn: ...` heading removed)."""
    parts = re.split(r"^Q\d+: .*$", stdout, flags=re.MULTILINE)
    return [part.strip("\n") for part in parts[1:]]


def parse_answer(block: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """(answer text, source entries as (n, week, topic id, kind)) of one rendered result."""
    answer, _, sources = block.partition("\nSources\n")
    answer = "\n".join(line for line in answer.splitlines() if not line.startswith("Coverage:"))
    entries, current = [], ""
    for line in sources.splitlines() + ["[end]"]:
        if re.match(r"^\[\d+\] |^\[end\]$", line):
            if current:
                match = ENTRY.match(current)
                assert match, f"unreadable source entry: {current!r}"
                entries.append((int(match[1]), int(match[2]), match[4], match[5]))
            current = line
        else:
            current += " " + line.strip()
    return answer, entries


def questions_file(tmp_path: Path, questions: list[dict]) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(json.dumps(q) for q in questions) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shared_index(course_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the index for this module's read-only questions."""
    return private_copy(course_index, tmp_path_factory.mktemp("answers") / "data")


@pytest.fixture(scope="module")
def evaluation_batch(shared_index: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    """Every question of the evaluation set as an `ask --batch` file, and its --json results."""
    batch = questions_file(tmp_path_factory.mktemp("batch"), [{"question": item.question} for item in load_qa()])
    output = invoke("ask", "--batch", str(batch), "--json", "--data-dir", str(shared_index)).stdout
    return batch, [json.loads(line) for line in output.splitlines()]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_evaluation_question_cites_exactly_the_sources_listed_under_it(
        run_cli: RunCli, shared_index: Path, evaluation_batch: tuple[Path, list[dict]], width: int):
    batch, results = evaluation_batch
    human = run_cli("ask", "--batch", str(batch), "--data-dir", str(shared_index), columns=width)
    assert human.exit_code == 0, human.stderr
    rendered = blocks(human.stdout)
    assert len(rendered) == len(results) == len(load_qa())
    cited = 0
    for result, block in zip(results, rendered, strict=True):
        if "error" in result:
            assert block.startswith("Not answered:")
            continue
        answer, entries = parse_answer(block)
        assert (result["answer"].split() or [EMPTY_ANSWER])[0] in answer  # the answer, not only its sources
        numbers = list(dict.fromkeys(int(n) for n in MARKER.findall(answer)))
        assert numbers == list(range(1, len(numbers) + 1)), (result["question"], answer)
        assert [e[0] for e in entries] == numbers, (result["question"], block)
        assert [(w, topic_id, kind) for _, w, topic_id, kind in entries] == [
            (c["week"], c["topic_id"], KINDS[c["source"]]) for c in result["citations"]], result["question"]
        for citation in result["citations"]:
            if citation["url"]:
                assert any(line.strip().endswith(citation["url"]) for line in block.splitlines())
        if result.get("coverage") is not None:
            assert f"Coverage: {result['coverage']}" in block
        cited += bool(entries)
    assert cited >= len(results) // 2  # most questions are answered with sources
    check_layout(human.stdout, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_sources_name_week_topic_and_kind_once_and_keep_urls_whole(run_cli: RunCli, shared_index: Path,
                                                                     width: int):
    question = "How is machine learning used in health care?"  # cites a topic with a 74-character URL
    result = run_cli("ask", question, "--data-dir", str(shared_index), columns=width)
    assert result.exit_code == 0, result.stderr
    _, entries = parse_answer(result.stdout)
    as_json = json.loads(run_cli("ask", question, "--json", "--data-dir", str(shared_index)).stdout)
    assert len(entries) == len(as_json["citations"]) >= 1
    sources = result.stdout.partition("\nSources\n")[2]
    urls = [c["url"] for c in as_json["citations"] if c["url"]]
    assert "https://iq.opengenus.org/benefits-of-using-machine-learning-in-healthcare/" in urls
    for n, citation in enumerate(as_json["citations"], start=1):
        entry = re.search(rf"^\[{n}\] .*?(?=^\[{n + 1}\] |\Z)", sources, flags=re.MULTILINE | re.DOTALL)[0]
        kind = "checklist description" if citation["source"] == "checklist" else "article"
        assert entry.count(kind) == 1 and entry.count("checklist") == (citation["source"] == "checklist")
        if citation["url"]:  # whole, on one line: alone, or at the end of the entry's heading
            assert any(line.strip() == citation["url"] or line.endswith(f"  {citation['url']}")
                       for line in entry.splitlines())
    check_layout(result.stdout, width)
    assert result.stderr == ""  # no spinner, no note: piped output is only the result


def test_a_refusal_prints_its_sentence_and_the_nearest_topics(run_cli: RunCli, shared_index: Path):
    result = run_cli("ask", "How do I bake sourdough bread at home?", "--data-dir", str(shared_index))
    assert result.exit_code == 0, result.stderr
    as_json = json.loads(run_cli("ask", "How do I bake sourdough bread at home?", "--json",
                                 "--data-dir", str(shared_index)).stdout)
    assert as_json["intent"] == "out_of_scope" and as_json["suggestions"]
    assert result.stdout.startswith("The course does not cover that.")
    assert "Nearest course topics" in result.stdout and "Sources" not in result.stdout
    for suggestion in as_json["suggestions"]:
        assert f"{suggestion['topic_id']}  {suggestion['topic']}" in result.stdout


def test_a_quiz_request_prints_its_questions_when_piped(run_cli: RunCli, data_dir: Path):
    result = run_cli("ask", "quiz me on week 5", "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.stderr
    assert "Here is a quiz on week 5" in result.stdout
    numbered = re.findall(r"^(\d+)\. \[(mcq|cloze|open)\] \S", result.stdout, flags=re.MULTILINE)
    assert [int(n) for n, _ in numbered] == [1, 2, 3, 4, 5]
    assert "dlstudy quiz --week 5" in result.stdout


def test_batch_conversations_give_each_turn_the_earlier_turns(run_cli: RunCli, data_dir: Path, tmp_path: Path):
    batch = questions_file(tmp_path, [
        {"question": "What is GELU?", "conversation": "a"},
        {"question": "What is dropout?", "conversation": "b"},
        {"question": "Why is it used in BERT?", "conversation": "a"},
        {"question": "Why is it used in BERT?"},
    ])
    lines = [json.loads(line) for line in
             run_cli("ask", "--batch", str(batch), "--json", "--data-dir", str(data_dir)).stdout.splitlines()]
    assert [line["question"] for line in lines] == ["What is GELU?", "What is dropout?",
                                                    "Why is it used in BERT?", "Why is it used in BERT?"]
    follow_up, alone = lines[2], lines[3]
    # Only the turn with a conversation behind it has anything to resolve "it" against.
    assert alone["standalone_question"] == alone["question"]
    assert follow_up["standalone_question"] != follow_up["question"]


def test_a_malformed_batch_line_names_file_and_line(run_cli: RunCli, data_dir: Path, tmp_path: Path):
    batch = tmp_path / "bad.jsonl"
    batch.write_text('{"question": "what is pooling"}\n{"question": "x", "week": "five"}\n', encoding="utf-8")
    one_line_error(run_cli("ask", "--batch", str(batch), "--data-dir", str(data_dir)), f"{batch}:2:")
