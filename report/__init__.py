"""Consolidated WFM reports: a static HTML report (and the forecast export) built from the marts only.

``python -m report`` reads the ``rpt_*`` tables that dbt builds in schema ``marts`` and writes
``reports/index.html`` (inline SVG charts, no JavaScript, nothing fetched at view time) and
``reports/volume_by_queue_group_daily.csv``. Test-only helpers (the Erlang C twin of the SQL macro, the
headless-browser screenshot) live under ``tests/``.
"""
