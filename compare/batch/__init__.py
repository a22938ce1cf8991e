"""Batch mode: template families, near-duplicates and reused passages over a corpus.

One module per stage, in pipeline order::

    ingest      paths → files → parsed speeches (errors kept, never dropped)
    canon       fast canonical text (same words as :func:`compare.normalize.normalize`)
    sketch      vectorised shingle hashing and one-permutation MinHash
    signatures  skeleton signature per speech (top-level headings, roles, style)
    candidates  candidate pairs from MinHash LSH (datasketch), never all pairs
    verify      skeleton similarity: a cheap pre-filter, then the alignment engine
    families    families on a networkx graph, anchored so that nothing chains
    template    consensus skeleton with fixed text and ``____`` slots
    duplicates  whole-speech near copies
    passages    shared sentences and paragraphs; stock phrases apart
    report      report.json and the CSV files; ``report_html`` the HTML page
    engines     local process pool or dask.distributed
    resume      content-keyed cache so a killed run reruns fast
    progress    a plain-text progress bar on stderr
    pipeline    runs the stages in order

Nothing here imports textual or rich. Heavy dependencies (dask, datasketch) are
imported only by the modules that need them, and those are imported only by
:func:`compare.commands.batch.run`.
"""
