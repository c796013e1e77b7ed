"""Legacy encodings (issue 11, item 6): mostly-ASCII Western text with a few high bytes is cp1252
unless another encoding has strong evidence; the choice is recorded and `show` prints it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_search.cli import cli
from corpus_search.documents import parse_document

ENGLISH = (
    "Chelsea are set to pay a fee for the striker, whose move from Paris was agreed on Monday. "
    "The club said the deal would be completed once the player had passed a medical. "
) * 8
# Shaped like BBC sport/199.txt (ASCII plus one Latin-1 pound sign near the top): read as cp932
# ("｣15.8m") or cp1250 ("Ł15.8m") depending on its length, before the fix.
HEAD = (
    "Club sacks striker\n\nThe club has sacked its striker after he failed a drugs test.\n\n"
    "The 25-year-old tested positive for a banned substance in October. The club decided to "
    "write off a possible transfer fee for the player, a £15.8m signing from Parma last season, "
    "who may face a two-year ban. "
)
BODY = (
    "The manager said the decision had been taken after long talks with the board, and that the "
    "club would not comment further until the hearing had finished. "
)
STRIKER_CP932 = HEAD + BODY * 17
STRIKER_CP1250 = HEAD + BODY * 5 + "Done."


@pytest.mark.parametrize(
    "text, encoding, expected",
    [
        (STRIKER_CP932, "latin-1", "cp1252"),
        (STRIKER_CP1250, "latin-1", "cp1252"),
        ("It cost £5.", "latin-1", "cp1252"),
        (ENGLISH + "The café served a naïve résumé.", "cp1252", "cp1252"),
        (ENGLISH + "He said \u201chello\u201d \u2013 and left.", "cp1252", "cp1252"),
        ("Der Rat erklärte, dass die Straßenbahn später fährt.", "latin-1", "cp1252"),
        # Strong evidence for another encoding still wins.
        (
            "Rada miasta ogłosiła we wtorek, że nowa polityka będzie dotyczyć wszystkich "
            "mieszkańców. Zażółć gęślą jaźń. Policjanci zostali poinformowani.",
            "cp1250",
            "cp1250",
        ),
        (
            "Belediye meclisi salı günü yeni politikanın şehirdeki herkese uygulanacağını "
            "açıkladı. İstanbul'da ışıklar söndü.",
            "cp1254",
            "cp1254",
        ),
        (
            "Городской совет заявил во вторник, что новая политика будет действовать.",
            "cp1251",
            "cp1251",
        ),
        (ENGLISH + "The Japanese title is 東京の新しい政策について.", "shift_jis", "cp932"),
        ("市议会周二表示，新政策将适用于城市中的所有人，警察已经得到通知。", "gbk", "gb18030"),
    ],
)
def test_encoding_guess(text: str, encoding: str, expected: str) -> None:
    doc = parse_document(text.encode(encoding), key="x.txt")
    assert (doc.text, doc.encoding) == (text.strip(), expected)


def test_show_prints_the_encoding_of_a_latin1_file(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "striker.txt").write_bytes(STRIKER_CP932.encode("latin-1"))
    ix = str(tmp_path / "ix")
    runner = CliRunner()
    assert runner.invoke(cli, ["index", str(docs), "--index", ix]).exit_code == 0
    shown = runner.invoke(cli, ["show", "striker.txt", "--index", ix])
    assert shown.exit_code == 0, shown.stderr
    assert "cp1252" in shown.stdout and "a £15.8m signing" in shown.stdout
    data = json.loads(runner.invoke(cli, ["show", "striker.txt", "--index", ix, "--json"]).stdout)
    assert data["encoding"] == "cp1252" and "a £15.8m signing" in data["text"]
    found = runner.invoke(cli, ["search", "15.8m", "--index", ix, "--json"])
    assert json.loads(found.stdout)["hits"][0]["path"].endswith("striker.txt")
