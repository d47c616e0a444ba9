"""Run ``monitor ARGS`` with the process killed (SIGKILL) just before or just after an SMTP send.

Used by test_deliver_crash.py: ``python crashing_delivery.py before-send|after-send ARGS...``.
The real sender does the real send; only the kill is added, as a crash would happen.
"""

import os
import signal
import sys

from monitor.cli.main import main
from monitor.delivery import mail

MODE, ARGV = sys.argv[1], sys.argv[2:]
real_send = mail.SmtpSender.send


def send_then_crash(self, message, recipient):
    if MODE == "before-send":
        os.kill(os.getpid(), signal.SIGKILL)
    real_send(self, message, recipient)
    if MODE == "after-send":
        os.kill(os.getpid(), signal.SIGKILL)


mail.SmtpSender.send = send_then_crash
sys.exit(main(ARGV))
