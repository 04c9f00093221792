"""Real-time adherence pushed, not polled: a long-running stream per org (``wfm-hub listen``).

Why a service and not a Dagster sensor: a notification channel delivers only while its WebSocket is
connected ("events can be missed when a socket drops"), so something must hold the socket all the time.
A sensor is a short evaluation every 30 s or more, in the daemon, with a time limit (60 s by default):
it cannot hold a socket between ticks, and a run that never ends would take a run slot and look hung
to run monitoring. So ``python -m pipelines.realtime`` (``wfm-hub listen``) is a small service, one
process for all orgs (deployed beside Dagster, restarted by its supervisor), and Dagster keeps what it
is good at: the polling snapshot for the orgs the stream does not cover (``realtime_snapshot_sensor``
reads the stream's status files), the historical job for the gaps (``adherence_gap_sensor``), and the
marts over the stream's tables. See docs/architecture.md "Real-time adherence".

Modules: ``rows`` (pure shaping, channel plans), ``stream`` (one org: channels, events, gaps, status),
``writer`` (batched dlt loads under the writer lock), ``health`` (status files), ``service`` (the CLI).
"""
