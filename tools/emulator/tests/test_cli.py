"""The command line entry point."""

import os
import signal
import subprocess
import sys
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def test_cli_starts_answers_and_stops(tmp_path):
    port_file = tmp_path / "port"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tools.emulator", "--port", "0", "--port-file", str(port_file),
         "--zones", "example.com,example.net", "--zone-count", "2", "--token", "cli-token",
         "--plan", "business"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()
        deadline = time.monotonic() + 10
        while not port_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        port = int(port_file.read_text().strip())
        assert line == f"emulator listening on http://127.0.0.1:{port}/client/v4"
        resp = requests.get(f"http://127.0.0.1:{port}/client/v4/zones",
                            headers={"Authorization": "Bearer cli-token"}, timeout=5)
        assert resp.status_code == 200 and resp.json()["result_info"]["total_count"] == 4
        bad = requests.get(f"http://127.0.0.1:{port}/client/v4/zones",
                           headers={"Authorization": "Bearer test-token"}, timeout=5)
        assert bad.status_code == 403
        assert requests.get(f"http://127.0.0.1:{port}/__emulator__/health", timeout=5).json()["plan"] == "business"
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
