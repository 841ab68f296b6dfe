"""`python -m api.jobs JOB_ID`: run one solve job (how the local backend starts workers)."""

import logging
import sys

from api.jobs.runner import run_job_in_new_process
from api.settings import SettingsError, load_settings

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
if len(sys.argv) != 2:
    sys.exit("usage: python -m api.jobs JOB_ID")
try:
    settings = load_settings()
except SettingsError as error:  # one line per variable, as the CLI and the app say it
    sys.exit("\n".join(f"invalid settings: {problem}" for problem in error.problems))
outcome = run_job_in_new_process(settings, sys.argv[1])
sys.exit(0 if outcome in {"succeeded", "cancelled", "skipped"} else 1)
