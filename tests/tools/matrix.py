#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run ansible-test sanity, units and the integration targets on every supported ansible-core line.

``make test-matrix`` (and ``make test``, which CI runs) calls this. For each line in LINES:

1. a virtual environment with that line's newest patch release, on the Python it runs on
   (``.work/matrix/<line>/venv``; built once and kept until the pinned version changes), with
   ``tests/tools/zipimport_cache.py`` in it: module runs reuse the bytecode of what they import from their
   AnsiballZ zip (on in the line's HOME; about a third of each module run's CPU time otherwise);
2. a copy of the collection laid out as ``ansible_collections/edgeops/cloudflare`` with the shipped files,
   ``tests/unit`` and ``tests/integration/targets`` (ansible-test refuses symlinked trees);
3. ``ansible-test sanity --local`` (the line's own tests; ``tests/sanity/ignore-<line>.txt`` where that
   line demands an entry), ``ansible-test units --local``, and ``ansible-test integration --local``
   against a local API emulator started for that line (``tools/emulator``; its address goes to the
   targets through ``tests/integration/integration_config.yml``, the file ansible-test passes as extra vars).

Each line has its own HOME (ansible-test's virtual environments and caches), so lines run side by side
(``--jobs``), the slowest first. One result line per ansible-core line is printed at the end, with each step's wall time and CPU
time (user + system of everything it ran: on a shared machine the CPU time is what to compare), then each
line's integration targets with their wall times; the exit status is non-zero when any step of any line
failed. Logs: ``.work/matrix/<line>/<step>.log``; each sanity test's and target's wall time:
``.work/matrix/<line>/sanity-times.txt`` and ``integration-times.txt``.

Usage: matrix.py [--lines 2.16,2.21] [--steps sanity,units,integration] [--jobs N] [--targets T1,T2]
                 [--run-name NAME] [--stop-file FILE] [--live]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import fcntl
import glob
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import zipimport_cache  # noqa: E402  (tests/tools/zipimport_cache.py)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
WORK = os.path.join(ROOT, '.work', 'matrix')
COLLECTION = ('edgeops', 'cloudflare')

# ansible-core line -> (newest patch release, Python it runs on here). 2.20 and later need Python >= 3.12.
LINES = {
    '2.16': ('2.16.19', '3.11'),
    '2.17': ('2.17.14', '3.11'),
    '2.18': ('2.18.19', '3.11'),
    '2.19': ('2.19.14', '3.11'),
    '2.20': ('2.20.10', '3.12'),
    '2.21': ('2.21.5', '3.13'),
}
STEPS = ('sanity', 'units', 'integration')
# What the line's venv needs besides ansible-core: the modules' runtime requirement and what
# ansible-test units runs with (it is given --local, so it uses this venv as it is).
VENV_REQUIREMENTS = os.path.join(ROOT, 'tests', 'matrix-requirements.txt')
# The emulator runs in the development venv (it needs openapi-core), whatever line is under test.
DEV_PYTHON = os.path.join(ROOT, '.venv', 'bin', 'python')
ZIPIMPORT_CACHE = os.path.join(ROOT, 'tests', 'tools', 'zipimport_cache.py')

# ansible-test's output line that starts each sanity test or integration target (per-test times in <step>-times.txt)
SANITY_MARK = re.compile(r'^Running sanity test "([^"]+)"')
TARGET_MARK = re.compile(r'^Running (\S+) integration test (?:role|script)')

EMULATOR_TOKEN = 'test-token'
EMULATOR_ZONE = 'example.com'
EMULATOR_ACCOUNT = '01a7362d577a6c3019a474fd6f485823'


def find_python(version):
    """Return an interpreter for ``version`` (``3.12``): on PATH, else from pyenv's versions."""
    candidates = [shutil.which('python%s' % version)]
    pyenv_root = os.environ.get('PYENV_ROOT') or os.path.expanduser('~/.pyenv')
    candidates += sorted(glob.glob(os.path.join(pyenv_root, 'versions', '%s.*' % version, 'bin', 'python%s' % version)),
                         reverse=True)
    for candidate in candidates:
        if not candidate:
            continue
        try:
            out = subprocess.run([candidate, '-c', 'import sys; print("%d.%d" % sys.version_info[:2])'],
                                 capture_output=True, text=True, timeout=30, check=False)
        except OSError:
            continue
        if out.returncode == 0 and out.stdout.strip() == version:
            return candidate
    raise RuntimeError('no Python %s found (on PATH or under %s/versions); install it, e.g. `pyenv install %s`'
                       % (version, pyenv_root, version))


def run_logged(cmd, log, cwd=None, env=None, timeout=None, marks=None):
    """Run cmd, appending its output to log; return (exit status, seconds, CPU seconds, sections).

    CPU seconds: user + system time of cmd and of every descendant it waited for (``wait4``); on a shared
    machine that says more than the wall time. ``marks``: a compiled pattern with one group; each output line
    it matches starts a section named by that group, and ``sections`` lists them as ``[name, seconds]``.
    """
    sections = []
    start = time.monotonic()
    with open(log, 'a', encoding='utf-8') as out:
        out.write('\n$ %s\n' % ' '.join(cmd))
        out.flush()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            proc.kill()

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.daemon = True
            timer.start()

        def copy():
            for raw in iter(proc.stdout.readline, b''):
                text = raw.decode('utf-8', 'replace')
                out.write(text)
                out.flush()
                if marks is not None:
                    match = marks.match(text)
                    if match:
                        now = time.monotonic()
                        if sections:
                            sections[-1][1] = now - sections[-1][1]
                        sections.append([match.group(1), now])

        reader = threading.Thread(target=copy, daemon=True)
        reader.start()
        _, wait_status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(wait_status)
        reader.join(30)  # a descendant left running may hold the pipe open: do not wait for it forever
        proc.stdout.close()
        if timer:
            timer.cancel()
        end = time.monotonic()
        if sections:
            sections[-1][1] = end - sections[-1][1]
        status = proc.returncode
        if timed_out.is_set():
            out.write('\nmatrix: timed out after %s s\n' % timeout)
            status = 124
    return status, end - start, usage.ru_utime + usage.ru_stime, sections


class Line(object):
    """One ansible-core line: its venv, staged tree, HOME and results."""

    def __init__(self, line, targets=None, run_name=None, live=None):
        self.line = line
        self.live = live
        self.version, self.python_version = LINES[line]
        # the venv and HOME are the line's; the staged tree and the logs are this run's (several runs of
        # one line may go on at once when each has its own --run-name)
        self.venv = os.path.join(WORK, line, 'venv')
        self.home = os.path.join(WORK, line, 'home')
        self.dir = os.path.join(WORK, line, 'runs', run_name) if run_name else os.path.join(WORK, line)
        self.tree_root = os.path.join(self.dir, 'tree')
        self.tree = os.path.join(self.tree_root, 'ansible_collections', *COLLECTION)
        self.targets = targets or []
        self.results = {}
        self.times = {}
        self.emulator_cpu = 0.0

    @property
    def bin(self):
        return os.path.join(self.venv, 'bin')

    def env(self):
        env = dict(os.environ)
        env.update(HOME=self.home, PATH='%s:%s' % (self.bin, os.environ.get('PATH', '')), PYTHONDONTWRITEBYTECODE='1')
        for name in list(env):
            if name.startswith(('CLOUDFLARE_', 'ANSIBLE_', 'VIRTUAL_ENV', 'PYTHONPATH')):
                del env[name]
        return env

    def log(self, step):
        return os.path.join(self.dir, '%s.log' % step)

    # ------------------------------------------------------------------ preparation
    def prepare(self):
        """Build (or reuse) the venv, stage the tree, seed ansible-test's pip bootstrap."""
        os.makedirs(self.home, exist_ok=True)
        os.makedirs(self.dir, exist_ok=True)
        share_pip_cache(self.home)
        log = self.log('prepare')
        open(log, 'w', encoding='utf-8').close()
        with open(VENV_REQUIREMENTS, 'rb') as fh:
            wanted = hashlib.sha256(('ansible-core==%s\n' % self.version).encode() + fh.read()).hexdigest()
        stamp = os.path.join(self.venv, '.edgeops-matrix.stamp')
        with open(os.path.join(WORK, '%s.lock' % self.line), 'w', encoding='utf-8') as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one build of a line's venv at a time, whatever runs at once
            self.build_venv(stamp, wanted, log)
            # module runs (AnsiballZ) reuse the bytecode of what they import from their zip: see zipimport_cache.py
            if run_logged([os.path.join(self.bin, 'python'), ZIPIMPORT_CACHE, 'install'], log, env=self.env(),
                          timeout=60)[0]:
                raise RuntimeError('zipimport_cache.py install failed (%s)' % log)
        os.makedirs(zipimport_cache.cache_dir({'HOME': self.home}), exist_ok=True)  # turns the cache on for this line
        also = ['tests/unit/plugins', 'tests/unit/requirements.txt', 'tests/integration/targets']
        cmd = [os.path.join(self.bin, 'python'), os.path.join(ROOT, 'tests', 'tools', 'stage_collection.py'),
               '--dest', self.tree_root]
        for path in also:
            cmd += ['--also', path]
        for script in (cmd, ['git', '-C', self.tree, '-c', 'init.defaultBranch=main', 'init', '--quiet'],
                       [os.path.join(self.bin, 'python'), os.path.join(ROOT, 'tests', 'tools', 'write_get_pip.py'),
                        '--home', self.home]):
            status = run_logged(script, log, env=self.env(), timeout=300)[0]
            if status:
                raise RuntimeError('%s failed (%s)' % (os.path.basename(script[1]) if script[0] != 'git' else 'git init', log))

    def build_venv(self, stamp, wanted, log):
        """Create the line's venv unless its stamp says it already holds exactly what is wanted."""
        current = read(stamp).strip() if os.path.isfile(stamp) else None
        if current == wanted:
            return
        shutil.rmtree(self.venv, ignore_errors=True)
        python = find_python(self.python_version)
        for cmd in ([python, '-m', 'venv', self.venv],
                    [os.path.join(self.bin, 'python'), '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check',
                     'ansible-core==%s' % self.version, '-r', VENV_REQUIREMENTS]):
            status = run_logged(cmd, log, env=self.env(), timeout=900)[0]
            if status:
                raise RuntimeError('building the venv failed (%s)' % log)
        with open(stamp, 'w', encoding='utf-8') as fh:
            fh.write(wanted + '\n')

    def ansible_test(self, step, args, timeout, marks=None):
        """Run ansible-test STEP; return (exit status, seconds, CPU seconds, sections) as run_logged."""
        cmd = [os.path.join(self.bin, 'ansible-test'), step, '--local', '--python', self.python_version,
               '--color', 'no'] + args
        return run_logged(cmd, self.log(step), cwd=self.tree, env=self.env(), timeout=timeout, marks=marks)

    # ------------------------------------------------------------------ steps
    def sanity(self):
        status, seconds, cpu, sections = self.ansible_test('sanity', [], timeout=1800, marks=SANITY_MARK)
        self.write_times('sanity', sections)
        text = read(self.log('sanity'))
        ran = len(re.findall(r'^Running sanity test ', text, re.M))
        failed = len(re.findall(r'^ERROR: Found \d+ ', text, re.M)) or (1 if status else 0)
        return status, seconds, '%d tests, %d failed' % (ran, failed if status else 0), cpu

    def units(self):
        status, seconds, cpu, _ = self.ansible_test('units', ['tests/unit/plugins/'], timeout=1800)
        text = read(self.log('units'))
        counts = re.findall(r'=+ (.*?(?:passed|failed|error).*?) in [\d.]+s', text)
        summary = '; '.join(counts) if counts else 'no pytest summary'
        if not re.search(r'\d+ passed', summary):
            status = status or 1
        return status, seconds, summary, cpu

    def integration(self):
        log = self.log('integration')
        args = ['--allow-destructive'] + self.targets
        emulator_cpu = 0.0
        if self.live:
            write_integration_config(self.tree, self.live)
            status, seconds, cpu, sections = self.ansible_test('integration', args, timeout=2400, marks=TARGET_MARK)
        else:
            emulator, base_url, url = start_emulator(log, os.path.join(self.dir, 'emulator.port'))
            try:
                write_integration_config(self.tree, emulator_config(base_url, url))
                status, seconds, cpu, sections = self.ansible_test('integration', args, timeout=2400,
                                                                   marks=TARGET_MARK)
            finally:
                emulator_cpu = stop_emulator(emulator)
        self.write_times('integration', sections)
        text = read(log)
        ran = re.findall(r'^Running (\S+) integration test (?:role|script)', text, re.M)
        if not ran:
            status = status or 1
        self.emulator_cpu = emulator_cpu
        return status, seconds, '%d targets' % len(ran), cpu + emulator_cpu

    def write_times(self, step, sections):
        """<step>-times.txt beside the step's log: each sanity test's or target's wall seconds, as run."""
        self.times[step] = sections
        with open(os.path.join(self.dir, '%s-times.txt' % step), 'w', encoding='utf-8') as fh:
            fh.write(''.join('%-40s %6.1f\n' % (name, seconds) for name, seconds in sections))

    def run(self, steps, stop_file=None):
        if stop_file and os.path.exists(stop_file):
            self.results['prepare'] = (1, 0.0, 'not started: %s exists' % stop_file, 0.0)
            return self
        try:
            start = time.monotonic()
            self.prepare()
            self.results['prepare'] = (0, time.monotonic() - start, 'ansible-core %s' % self.version, 0.0)
        except (RuntimeError, OSError) as exc:
            self.results['prepare'] = (1, 0.0, str(exc), 0.0)
            return self
        for step in steps:
            if stop_file and os.path.exists(stop_file):
                self.results[step] = (1, 0.0, 'not started: %s exists' % stop_file, 0.0)
                continue
            open(self.log(step), 'w', encoding='utf-8').close()
            try:
                self.results[step] = getattr(self, step)()
            except (RuntimeError, OSError) as exc:
                self.results[step] = (1, 0.0, str(exc), 0.0)
        return self

    def ok(self):
        return all(result[0] == 0 for result in self.results.values())

    def summary(self, steps):
        parts = []
        stopped = self.results.get('prepare', (0, 0.0, '', 0.0))[2]
        for step in ('prepare',) + tuple(steps) if not stopped.startswith('not started') else ('prepare',):
            if step not in self.results:
                parts.append('%s not run' % step)
                continue
            status, seconds, detail, cpu = self.results[step]
            if detail.startswith('not started'):
                parts.append(detail if step == 'prepare' else '%s %s' % (step, detail))
                continue
            if step == 'prepare':
                if status:
                    parts.append('venv FAILED: %s' % detail)
                continue
            emulator = ' incl. emulator %.0f s' % self.emulator_cpu if step == 'integration' and self.emulator_cpu else ''
            parts.append('%s %s (%s, %.0f s, CPU %.0f s%s)' % (step, 'passed' if status == 0 else 'FAILED', detail,
                                                                 seconds, cpu, emulator))
        return 'matrix: ansible-core %-7s Python %s  %s  %s' % (
            self.version, self.python_version, 'PASS' if self.ok() else 'FAIL', ' | '.join(parts))


def slowest_first(lines):
    """The lines in the order to start them: the slowest first, so that the last ones to start are the shorter
    ones and two long lines do not end the run side by side. The lines on the newest Pythons are the slowest (2.20
    and 2.21, on 3.12 and 3.13: their sanity and units steps take the longest); among equals the newer line first."""
    def key(line):
        return [int(part) for part in LINES[line][1].split('.')], [int(part) for part in line.split('.')]
    return sorted(lines, key=key, reverse=True)


def share_pip_cache(home):
    """Point HOME/.cache/pip at one cache for every line (ansible-test passes pip nothing but HOME), so the
    packages of the lines' venvs and of their sanity tests' venvs are downloaded once, not once a line."""
    shared = os.path.join(WORK, 'pip-cache')
    os.makedirs(shared, exist_ok=True)
    link = os.path.join(home, '.cache', 'pip')
    os.makedirs(os.path.dirname(link), exist_ok=True)
    if os.path.islink(link) and os.readlink(link) == shared:
        return
    if os.path.isdir(link) and not os.path.islink(link):
        shutil.rmtree(link)
    elif os.path.lexists(link):
        os.unlink(link)
    os.symlink(shared, link)


def read(path):
    with open(path, encoding='utf-8', errors='replace') as fh:
        return fh.read()


def start_emulator(log, port_file):
    """Start tools/emulator on a free port of 127.0.0.1; return (process, base URL, control URL)."""
    if not os.path.exists(DEV_PYTHON):
        raise RuntimeError('%s is missing: run `make venv` (the emulator runs in the development venv)' % DEV_PYTHON)
    if os.path.exists(port_file):
        os.unlink(port_file)
    out = open(log, 'a', encoding='utf-8')
    proc = subprocess.Popen([DEV_PYTHON, '-m', 'tools.emulator', '--port', '0', '--port-file', port_file,
                             '--zones', EMULATOR_ZONE, '--quiet'],
                            cwd=ROOT, stdout=out, stderr=out, stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while not os.path.exists(port_file):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_emulator(proc)
            raise RuntimeError('the emulator did not start (%s)' % log)
        time.sleep(0.1)
    port = int(read(port_file).strip())
    url = 'http://127.0.0.1:%d' % port
    return proc, url + '/client/v4', url


def stop_emulator(proc):
    """Stop the emulator; return its CPU seconds (user + system)."""
    if proc.poll() is not None:
        return 0.0
    os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while True:
        pid, wait_status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(wait_status)
            return usage.ru_utime + usage.ru_stime
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            _, wait_status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(wait_status)
            return usage.ru_utime + usage.ru_stime
        time.sleep(0.05)


def emulator_config(base_url, control_url):
    """The targets' variables for the local emulator."""
    return {
        'cloudflare_base_url': base_url,
        'cloudflare_api_token': EMULATOR_TOKEN,
        'cloudflare_account_id': EMULATOR_ACCOUNT,
        'cloudflare_zone': EMULATOR_ZONE,
        'cloudflare_emulator_url': control_url,
    }


def live_config(environ):
    """The targets' variables for a real account, from the CLOUDFLARE_* variables (``--live``)."""
    missing = [name for name in ('CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_ZONE') if not environ.get(name)]
    if missing:
        raise SystemExit('matrix: --live needs %s (an API token with Load Balancing and Spectrum edit rights, the '
                         'account id, and a zone of that account the targets may create objects in)'
                         % ', '.join(missing))
    return {
        'cloudflare_base_url': environ.get('CLOUDFLARE_BASE_URL') or 'https://api.cloudflare.com/client/v4',
        'cloudflare_api_token': environ['CLOUDFLARE_API_TOKEN'],
        'cloudflare_account_id': environ['CLOUDFLARE_ACCOUNT_ID'],
        'cloudflare_zone': environ['CLOUDFLARE_ZONE'],
    }


def write_integration_config(tree, config):
    """The variables every target reads (tests/integration/integration_config.yml, which ansible-test
    passes to role targets as extra variables and copies beside script targets)."""
    path = os.path.join(tree, 'tests', 'integration', 'integration_config.yml')
    with open(path, 'w', encoding='utf-8') as fh:
        os.chmod(path, 0o600)  # it may hold a real API token
        fh.write('---\n# written by tests/tools/matrix.py for this run\n')
        for key, value in config.items():
            fh.write('%s: %s\n' % (key, json.dumps(value)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--lines', default=','.join(LINES), help='comma-separated ansible-core lines (default: all)')
    parser.add_argument('--steps', default=','.join(STEPS), help='comma-separated steps (default: %s)' % ','.join(STEPS))
    parser.add_argument('--jobs', type=int, default=int(os.environ.get('MATRIX_JOBS', '2')),
                        help='lines run side by side (default 2, or MATRIX_JOBS)')
    parser.add_argument('--targets', default='', help='comma-separated integration targets (default: all)')
    parser.add_argument('--run-name', default=os.environ.get('MATRIX_RUN_NAME') or None,
                        help='keep this run\'s staged tree and logs in .work/matrix/<line>/runs/NAME, so that several '
                             'runs of one line can go on at once (default: .work/matrix/<line>/; or MATRIX_RUN_NAME)')
    parser.add_argument('--stop-file', default=os.environ.get('MATRIX_STOP_FILE') or None,
                        help='start no further line or step once this file exists (`make test` creates it when a step '
                             'running beside the matrix fails); steps already running finish (or MATRIX_STOP_FILE)')
    parser.add_argument('--live', action='store_true',
                        help='run the integration targets against the real account named by CLOUDFLARE_API_TOKEN, '
                             'CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_ZONE (and CLOUDFLARE_BASE_URL) instead of the emulator')
    args = parser.parse_args(argv)
    live = live_config(os.environ) if args.live else None

    lines = [item.strip() for item in args.lines.split(',') if item.strip()]
    unknown = [item for item in lines if item not in LINES]
    steps = [item.strip() for item in args.steps.split(',') if item.strip()]
    bad_steps = [item for item in steps if item not in STEPS]
    if unknown or bad_steps or not lines:
        parser.error('unknown line(s) %s or step(s) %s; lines: %s, steps: %s'
                     % (unknown, bad_steps, ', '.join(LINES), ', '.join(STEPS)))
    targets = [item.strip() for item in args.targets.split(',') if item.strip()]
    os.makedirs(WORK, exist_ok=True)
    start = time.monotonic()
    print('matrix: ansible-core %s; steps %s; %d side by side; logs in %s/<line>/'
          % (', '.join(LINES[item][0] for item in lines), ', '.join(steps), args.jobs, os.path.relpath(WORK, ROOT)),
          flush=True)
    done = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(Line(item, targets, args.run_name, live).run, steps, args.stop_file)
                   for item in slowest_first(lines)]
        for future in concurrent.futures.as_completed(futures):
            line = future.result()
            done.append(line)
            print(line.summary(steps), flush=True)
            if not line.ok():
                for step, (status, _, detail, _) in line.results.items():
                    if status and not detail.startswith('not started'):
                        print('matrix: %s %s log (tail): %s' % (line.line, step, line.log(step)))
                        print('\n'.join('    ' + row for row in read(line.log(step)).splitlines()[-40:]))
    print('matrix: results by line (%.0f s in all)' % (time.monotonic() - start))
    for line in sorted(done, key=lambda item: [int(part) for part in item.line.split('.')]):
        print(line.summary(steps))
    for line in sorted(done, key=lambda item: [int(part) for part in item.line.split('.')]):
        if line.times.get('integration'):
            print('matrix: %s targets (s): %s' % (line.line, ', '.join(
                '%s %.0f' % (name, seconds) for name, seconds in line.times['integration'])))
    return 0 if all(line.ok() for line in done) else 1


if __name__ == '__main__':
    sys.exit(main())
