"""``python -m corpus_search``: the same as the ``corpus-search`` command."""

from corpus_search.cli import main

main()
