"""Consolidated WFM reports: a static HTML report (and the forecast export) built from the marts only.

``python -m report`` reads the ``rpt_*`` tables that dbt builds in schema ``marts`` and writes
``reports/index.html`` (inline SVG charts, no JavaScript, nothing fetched at view time) and
``reports/volume_by_queue_group_daily.csv``. ``report.erlang`` is the Python twin of the Erlang C macro.
"""
