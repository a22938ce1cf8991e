"""Batch mode: template families, near-duplicates and reused passages over a corpus.

One module per stage, in pipeline order::

    ingest      paths → files → parsed speeches (errors kept, never dropped)
    records     what a worker hands back per file (small, picklable)
    canon       fast canonical text (same words as :func:`compare.normalize.normalize`)
    sketch      vectorised shingle hashing and one-permutation MinHash
    signatures  skeleton signature per speech (top-level headings, roles, numbering)
    clauses     hashed clauses of a speech, for reuse
    candidates  candidate pairs from MinHash LSH and role buckets, never all pairs
    verify      skeleton similarity: a cheap pre-filter, then the alignment engine
    families    families on a networkx graph, anchored so that nothing chains
    template    consensus skeleton with fixed text and ``____`` slots
    duplicates  whole-speech near copies
    passages    shared clauses and paragraphs; stock phrases apart
    report      report.json and the CSV files; ``report_html`` the HTML page
    engines     local process pool or dask.distributed
    resume      content-keyed cache so a killed run reruns fast (``atomic`` writes)
    progress    a plain-text progress bar on stderr
    pipeline    runs the stages in order

Nothing here imports textual or rich. The batch package is imported only by
:func:`compare.commands.batch.run`, so other commands never load numpy-heavy
code or dask; dask itself is imported only when the dask engine is chosen.
"""
