"""Errors that reach the user, and the exit codes scripts can rely on."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0
    FAILURE = 1  # an unexpected error (a bug): run again with --debug and report it
    USAGE = 2  # bad command line (argparse's own code)
    CONFIG = 3  # the configuration file is missing, unreadable or invalid
    PARTIAL = 4  # the run finished but some sources or deliveries failed
    LOCKED = 5  # another monitor is running on the same state directory
    STATE = 6  # the state directory or database cannot be used
    INPUT = 7  # the input given on stdin or the command line cannot be used
    NO_MATCH = 8  # `monitor watch test`: the rule does not match the article


class MonitorError(Exception):
    """An error with a one-line message and a hint saying what to try next."""

    exit_code = ExitCode.FAILURE

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConfigError(MonitorError):
    exit_code = ExitCode.CONFIG


class StateError(MonitorError):
    exit_code = ExitCode.STATE


class LockedError(MonitorError):
    exit_code = ExitCode.LOCKED


class InputError(MonitorError):
    exit_code = ExitCode.INPUT
