"""The long-lived parts of a process, built once on first use and reused until ``close`` [io].

An ingest needs an HTTP session, a sandbox of parser processes, the analysis workers (whose
summariser and classifier hold the gazetteer) and the identity matcher (which remembers its
near-duplicate decisions). Building them costs processes and imports, so
``monitor run`` builds each once and every tick of the daemon reuses it; ``builds`` counts how
often each was built, so a test (or an operator) can see that nothing is rebuilt per tick.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from monitor.config.load import Config

if TYPE_CHECKING:  # the heavy modules are imported only when a part is built
    import requests

    from monitor.analysis.analyser import Analyser, Observer
    from monitor.digest.render import Renderer
    from monitor.identity.match import Matcher
    from monitor.sources.sandbox import Sandbox


class Resources:
    """An HTTP session, a parser sandbox and an analyser, each built when first asked for."""

    def __init__(self, config: Config, analysed: Observer | None = None) -> None:
        self.config = config
        self.analysed = analysed  # told each article's analysis time (the metrics)
        self.builds: Counter[str] = Counter()
        self._session: requests.Session | None = None
        self._sandbox: Sandbox | None = None
        self._analyser: Analyser | None = None
        self._matcher: Matcher | None = None
        self._renderer: Renderer | None = None

    @property
    def session(self) -> requests.Session:
        if self._session is None:
            from monitor.sources.http import make_session

            self._session = make_session(self.config.fetch)
            self.builds["session"] += 1
        return self._session

    @property
    def sandbox(self) -> Sandbox:
        if self._sandbox is None:
            from monitor.sources.sandbox import Sandbox

            self._sandbox = Sandbox().start()
            self.builds["sandbox"] += 1
        return self._sandbox

    @property
    def matcher(self) -> Matcher:
        """Which stored article a new one is: its memory of near-duplicate decisions lasts as
        long as the process (the daemon's every tick)."""
        if self._matcher is None:
            from monitor.identity.match import Matcher

            self._matcher = Matcher()
            self.builds["matcher"] += 1
        return self._matcher

    @property
    def renderer(self) -> Renderer:
        """The digest templates, compiled once."""
        if self._renderer is None:
            from monitor.digest.render import Renderer

            self._renderer = Renderer(labels=self.config.regions.labels)
            self.builds["renderer"] += 1
        return self._renderer

    @property
    def analyser(self) -> Analyser:
        if self._analyser is None:
            from monitor.analysis.analyser import Analyser

            self._analyser = Analyser.configured(self.config, self.analysed)
            self.builds["analyser"] += 1
        return self._analyser

    def start(self, *, feeds: bool) -> None:
        """Build now what an ingest needs, in the order that lets a command fork each while it
        runs one thread: the parser sandbox (if ``feeds``), then the analysis workers (their
        pool then starts a thread of its own, and later parts come from a fork server)."""
        if feeds:
            self.sandbox  # noqa: B018 (a property that builds)
        self.analyser  # noqa: B018

    def close(self) -> None:
        """Stop the worker processes and close the session (rebuilt if asked for again)."""
        for part in (self._analyser, self._sandbox, self._session):
            if part is not None:
                part.close()
        self._session = self._sandbox = self._analyser = self._matcher = None
        self._renderer = None

    def __enter__(self) -> Resources:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
