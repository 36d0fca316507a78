"""Server settings. Every setting has a flag and a CAIRN_* environment variable
(the flag wins); with none set, the server runs on embedded defaults under one data
directory: a SQLite file and a local artifact folder."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "cairn"


@dataclass(frozen=True)
class Settings:
    host: str = field(default="127.0.0.1", metadata={"help": "address to listen on"})
    port: int = field(default=50051, metadata={"help": "port to listen on (0 picks a free one)"})
    data_dir: Path = field(
        default_factory=default_data_dir,
        metadata={"help": "home of the default SQLite file and artifact folder"},
    )
    db_url: str = field(
        default="",
        metadata={
            "help": "SQLAlchemy URL, e.g. postgresql+psycopg://user:pw@host/db "
            "(default: sqlite file in the data dir)"
        },
    )
    artifact_root: str = field(
        default="",
        metadata={
            "help": "where artifacts go: file:///path or s3://bucket/prefix "
            "(default: artifacts/ in the data dir)"
        },
    )
    s3_endpoint: str = field(
        default="", metadata={"help": "S3 endpoint host:port, e.g. minio:9000"}
    )
    s3_access_key: str = field(default="", metadata={"help": "S3 access key"})
    s3_secret_key: str = field(default="", metadata={"help": "S3 secret key"})
    s3_region: str = field(default="", metadata={"help": "S3 region"})
    s3_secure: bool = field(default=True, metadata={"help": "use TLS to reach S3"})
    migrate: bool = field(
        default=True,
        metadata={"help": "apply database migrations at start (--no-migrate refuses instead)"},
    )
    workers: int = field(default=16, metadata={"help": "threads for database calls"})
    db_pool_size: int = field(default=16, metadata={"help": "PostgreSQL connection pool size"})
    db_prepared_statements: bool = field(
        default=True,
        metadata={
            "help": "let the driver prepare statements it runs often (PostgreSQL); turn off "
            "behind a pooler in transaction mode that cannot keep them (PgBouncer before "
            "1.21, or without max_prepared_statements)"
        },
    )
    writer_threads: int = field(
        default=1,
        metadata={
            "help": "metric writer threads, each folding queued writes into one transaction "
            "(more can help PostgreSQL single-stream throughput at the cost of fan-in latency)"
        },
    )
    sqlite_synchronous: str = field(
        default="NORMAL",
        metadata={
            "help": "SQLite synchronous pragma: NORMAL survives process crashes, FULL power loss"
        },
    )
    max_message_mb: int = field(
        default=64, metadata={"help": "largest gRPC message accepted (MiB)"}
    )
    stream_buffer_mb: int = field(
        default=32,
        metadata={
            "help": "metric stream data read but not yet committed, all streams together "
            "(MiB); past it streams stop reading and HTTP/2 flow control holds senders back"
        },
    )
    stages: str = field(
        default="None,Staging,Production,Archived",
        metadata={"help": "model registry stages, comma-separated"},
    )
    approval_stages: str = field(
        default="",
        metadata={"help": "stages that need an approved transition request, comma-separated"},
    )
    log_level: str = field(default="INFO", metadata={"help": "DEBUG, INFO, WARNING or ERROR"})
    # --- authentication and permissions ---------------------------------------------
    auth: str = field(
        default="auto",
        metadata={
            "help": "required: every call needs a token; anonymous: calls without a token "
            "get full access; auto: anonymous only while listening on loopback"
        },
    )
    bootstrap_token: str = field(
        default="",
        metadata={
            "help": "admin token to create on first start (default: a random one, printed once)"
        },
    )
    default_permission: str = field(
        default="none",
        metadata={"help": "what every user may do without a grant: none, read or write"},
    )
    rate_limit: float = field(
        default=0.0,
        metadata={"help": "calls per second allowed per token, bursts of 2x (0: unlimited)"},
    )
    max_streams_per_token: int = field(
        default=0, metadata={"help": "concurrent streaming calls per token (0: unlimited)"}
    )
    # --- TLS and connection limits ----------------------------------------------------
    tls_cert: str = field(
        default="",
        metadata={"help": "server certificate chain, PEM file (with --tls-key: serve TLS)"},
    )
    tls_key: str = field(default="", metadata={"help": "server private key, PEM file"})
    tls_client_ca: str = field(
        default="",
        metadata={
            "help": "CA bundle, PEM file: require client certificates it signed (mutual TLS)"
        },
    )
    max_concurrent_streams: int = field(
        default=1024, metadata={"help": "concurrent calls per client connection (HTTP/2)"}
    )
    keepalive_time_s: int = field(
        default=60, metadata={"help": "ping idle clients this often to find dead connections"}
    )
    keepalive_timeout_s: int = field(
        default=20, metadata={"help": "close a connection whose ping is unanswered this long"}
    )
    min_ping_interval_s: int = field(
        default=10, metadata={"help": "shortest ping interval a client may use"}
    )
    max_ping_strikes: int = field(
        default=2,
        metadata={"help": "pings faster than allowed before the server sends GOAWAY (0: no limit)"},
    )
    max_connection_idle_s: int = field(
        default=0, metadata={"help": "close connections idle this long (0: never)"}
    )
    max_connection_age_s: int = field(
        default=0,
        metadata={"help": "close connections this old, spreading load after scaling (0: never)"},
    )
    max_connection_age_grace_s: int = field(
        default=30,
        metadata={"help": "time calls get to finish on a connection closed for its age"},
    )

    # --- observability ------------------------------------------------------------------
    metrics_port: int = field(
        default=0,
        metadata={
            "help": "serve Prometheus metrics over HTTP on this port at /metrics "
            "(0: off; give each server process its own port)"
        },
    )
    metrics_host: str = field(
        default="",
        metadata={"help": "address for the metrics endpoint (default: same as --host)"},
    )
    log_format: str = field(
        default="text",
        metadata={"help": "text, or json: one JSON object per line with the request id"},
    )

    @property
    def allows_anonymous(self) -> bool:
        """Whether calls without a token are served (with full rights)."""
        mode = self.auth.strip().lower()
        if mode == "anonymous":
            return True
        if mode == "required":
            return False
        if mode == "auto":
            return self.host in ("127.0.0.1", "::1", "localhost") or self.host.startswith("127.")
        raise SystemExit(f"CAIRN_AUTH must be auto, required or anonymous, got {self.auth!r}")

    @property
    def resolved_db_url(self) -> str:
        return self.db_url or f"sqlite:///{self.data_dir / 'cairn.db'}"

    @property
    def resolved_artifact_root(self) -> str:
        return self.artifact_root or (self.data_dir / "artifacts").as_uri()

    @property
    def uses_default_storage(self) -> bool:
        return not self.db_url or not self.artifact_root

    @staticmethod
    def env_name(name: str) -> str:
        return f"CAIRN_{name.upper()}"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(cls.env_name(f.name))
            if raw is None:
                continue
            values[f.name] = parse_value(f.type, raw, cls.env_name(f.name))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def parse_value(kind: object, raw: str, name: str) -> object:
    if kind in (int, "int"):
        try:
            return int(raw)
        except ValueError:
            raise SystemExit(f"{name} must be an integer, got {raw!r}") from None
    if kind in (float, "float"):
        try:
            return float(raw)
        except ValueError:
            raise SystemExit(f"{name} must be a number, got {raw!r}") from None
    if kind in (bool, "bool"):
        lowered = raw.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise SystemExit(f"{name} must be true or false, got {raw!r}")
    if kind in (Path, "Path"):
        return Path(raw).expanduser()
    return raw
