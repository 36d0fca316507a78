"""Operations: Prometheus metrics, structured logs with request ids, and tracing hooks.

`context` is import-light (a contextvar) so any layer may read the current request id;
the rest is wired in app.py through `setup.Observability`."""
