import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


import os  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _own_check_cache(tmp_path_factory):
    """Collected checks are cached on disk (grader/harness/checkcache.py): the tests keep theirs
    in a directory of this session, never in the user's ~/.cache, and every grading process the
    tests start (they inherit the environment) shares it."""
    saved = os.environ.get("GRADER_CACHE_DIR")
    os.environ["GRADER_CACHE_DIR"] = str(tmp_path_factory.mktemp("grader-cache"))
    yield
    if saved is None:
        os.environ.pop("GRADER_CACHE_DIR", None)
    else:
        os.environ["GRADER_CACHE_DIR"] = saved
