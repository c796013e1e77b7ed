"""``corpus-search eval``: score the ranking against judged queries, or compare two rankings."""

from __future__ import annotations

import sys
from typing import Any

import click

from .options import EXIT_OK, WholeNumber, index_option, library_errors, output_options


@click.command(name="eval")
@click.option(
    "--topics",
    "topics_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="Queries: 'qid<TAB>text' lines, BEIR queries.jsonl, or Cranfield cran.qry (maybe .gz).",
)
@click.option(
    "--qrels",
    "qrels_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="Judgments: TREC 'qid 0 docid rel', BEIR qrels .tsv, or Cranfield cranqrel.",
)
@index_option
@click.option(
    "--run",
    "run_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write A's TREC run file: 'qid Q0 docid rank score tag', --depth lines per query.",
)
@click.option("--run-tag", default="corpus-search", show_default=True, help="The run file's tag.")
@click.option(
    "--depth",
    type=WholeNumber(min=1),
    default=1000,
    show_default=True,
    help="Results retrieved and scored per query.",
)
@click.option(
    "--measure",
    "-m",
    "measures",
    multiple=True,
    metavar="NAME",
    help="A measure to report (repeatable). Default: nDCG@10 MAP P@10 R@100 MRR; any "
    "ir-measures name (R@1000, nDCG@20...) also works.",
)
@click.option("--per-query", is_flag=True, help="Also report every query's values.")
@click.option(
    "--ranking",
    "ranking_text",
    default="",
    metavar="SETTINGS",
    help="Evaluate with these ranking settings instead of the defaults, e.g. 'k1=0.9,b=0.4' "
    "(k1, b, title_boost).",
)
@click.option(
    "--compare",
    "compare_text",
    default=None,
    metavar="SETTINGS",
    help="Also evaluate configuration B, the ranking with these settings changed (e.g. "
    "'title_boost=2'), and report B against A with per-query wins and losses.",
)
@click.option(
    "--compare-index",
    type=click.Path(file_okay=False),
    default=None,
    help="Configuration B searches this index (e.g. one built by another analyzer version).",
)
@output_options
@click.pass_context
def evaluate(
    ctx: click.Context,
    topics_file: str,
    qrels_file: str,
    index_dir: str | None,
    run_file: str | None,
    run_tag: str,
    depth: int,
    measures: tuple[str, ...],
    per_query: bool,
    ranking_text: str,
    compare_text: str | None,
    compare_index: str | None,
    fmt: str | None,
) -> None:
    """Score the ranking against judged queries: nDCG@10, MAP, P@10, R@100 and MRR.

    Each topic runs as a bag of words (an OR of its words, analysed like the documents, scored
    with the same BM25F settings as search), so quotes, colons and AND in a topic are just text.
    Only topics with a relevance judgment are scored; one with no results scores 0. Documents are
    matched to judgments by record id (JSON Lines) or by absolute path (files; whitespace written
    as %20). With --compare or --compare-index, B is compared with A on the first measure.

    \b
    Example:
      corpus-search index corpus.jsonl.gz
      corpus-search eval --topics queries.jsonl.gz --qrels qrels/test.tsv --run run.txt
      corpus-search eval --topics t.tsv --qrels q.txt --compare 'k1=0.9,b=0.4' --json
    """
    from corpus_search import evaluate as ev
    from corpus_search.index import open_index
    from corpus_search.render import emit, eval_progress, machine
    from corpus_search.searching.ranking import parse_ranking
    from corpus_search.searching.results import rank

    with library_errors(ctx):
        ranking = parse_ranking(ranking_text)
        other_ranking = parse_ranking(compare_text or "", base=ranking)
        comparing = compare_text is not None or compare_index is not None
        topics = ev.load_topics(topics_file)
        qrels = ev.load_qrels(qrels_file)
        chosen = measures or ev.DEFAULT_MEASURES

        def run_one(index_path: str | None, settings: Any, label: str) -> Any:
            with open_index(index_path) as ix, eval_progress(label) as progress:
                result = ev.evaluate(
                    topics,
                    qrels,
                    lambda text, n: rank(ix, text, limit=n, ranking=settings),
                    depth=depth,
                    measures=chosen,
                    progress=progress,
                )
                return result, str(ix.path)

        result, index_path = run_one(index_dir, ranking, "A")
        if run_file:
            ev.write_run(run_file, result.run, tag=run_tag)
        compared = None
        if comparing:
            other, other_path = run_one(compare_index or index_dir, other_ranking, "B")
            comparison = ev.compare(result, other, measure=result.measures[0])
            compared = (other, comparison, machine.eval_context(other_path, other_ranking, None))
    context = machine.eval_context(index_path, ranking, run_file)
    context = {"topics": topics_file, "qrels": qrels_file, **context}
    emit("eval", result, per_query=per_query, context=context, compared=compared, fmt=fmt)
    sys.exit(EXIT_OK)
