"""Consolidated WFM reports: a static HTML report (and the forecast export) built from the marts only.

``python -m report`` reads the ``rpt_*`` tables that dbt builds in schema ``marts`` and writes ``reports/index.html``
(GLOBAL and every org, with a region/org filter), ``reports/org_<key>.html`` (one page per org), each a single file
with plotly.js inlined (nothing fetched at view time), and ``reports/volume_by_queue_group_daily.csv``. The Dagster
asset ``reports/director_report`` (assets/report.py) writes the same after the nightly dbt build. Test-only helpers
(the Erlang C twin of the SQL macro, the headless-browser screenshot) live under ``tests/``.
"""
