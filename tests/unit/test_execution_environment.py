# -*- coding: utf-8 -*-
"""execution-environment.yml makes a build context that would build, made offline as `make ee-context` does.

In a temporary directory: the collection is built (ansible-galaxy collection build), put where the
definition takes it from, and `ansible-builder create` writes the context. The checks read that
context, and replay its galaxy stage (install from the context's requirements, as the image's /build
does) and its builder stage's introspection, offline. Building the image itself needs podman or docker
and the network, so it is not done here.
"""

from __future__ import annotations

import ast
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml
from ansible_builder.ee_schema import validate_schema
from packaging.specifiers import SpecifierSet
from packaging.version import Version

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEFINITION = yaml.safe_load((REPO / "execution-environment.yml").read_text())
GALAXY = yaml.safe_load((REPO / "galaxy.yml").read_text())
FQCN = "%s.%s" % (GALAXY["namespace"], GALAXY["name"])
# Nothing here may reach a network: a Galaxy server that refuses at once.
OFFLINE_GALAXY = "http://127.0.0.1:9/"
# The ansible-core lines the collection supports, and the oldest Python each runs on (its Requires-Python).
CORE_LINES = {"2.16": (3, 10), "2.17": (3, 10), "2.18": (3, 11), "2.19": (3, 11), "2.20": (3, 12), "2.21": (3, 12)}
# A row of execution-environment.yml's table of lines: line, package_system, python_path, package_pip.
TABLE_ROW = re.compile(r"^#\s+(2\.\d+)\s+(python3\.\d+)\s+(/usr/bin/python3\.\d+)\s+(ansible-core\S+)", re.M)


def ee_table():
    """{line: (package_system, python_path, package_pip)} from the comment table in execution-environment.yml."""
    return {m.group(1): m.groups()[1:] for m in TABLE_ROW.finditer((REPO / "execution-environment.yml").read_text())}


def run(cmd, cwd, home, **env):
    environ = dict(os.environ, HOME=str(home), ANSIBLE_GALAXY_SERVER=OFFLINE_GALAXY, **env)
    for name in [n for n in environ if n.startswith("ANSIBLE_") and n not in env and n != "ANSIBLE_GALAXY_SERVER"]:
        del environ[name]
    proc = subprocess.run([str(c) for c in cmd], cwd=str(cwd), env=environ, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, "%s\n%s\n%s" % (cmd, proc.stdout, proc.stderr)
    return proc.stdout


@pytest.fixture(scope="module")
def ee(tmp_path_factory):
    """A build context made from a copy of the definition: {'dir', 'context', 'build', 'tarball', 'home'}."""
    tmp = tmp_path_factory.mktemp("ee")
    home = tmp / "home"
    home.mkdir()
    run([BIN / "ansible-galaxy", "collection", "build", "--output-path", tmp / "dist", REPO], REPO, home)
    [tarball] = (tmp / "dist").glob("*.tar.gz")
    definition_dir = tmp / "definition"
    definition_dir.mkdir()
    shutil.copy(REPO / "execution-environment.yml", definition_dir)
    for entry in DEFINITION["additional_build_files"]:
        target = definition_dir / entry["src"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(tarball, target)
    context = tmp / "context"
    out = run([sys.executable, "-m", "ansible_builder", "create", "--file", definition_dir / "execution-environment.yml",
               "--context", context, "--output-filename", "Containerfile"], tmp, home)
    assert "Complete!" in out
    return {"dir": tmp, "context": context, "build": context / "_build", "tarball": tarball, "home": home}


def test_definition_is_valid_v3():
    definition = copy.deepcopy(DEFINITION)
    validate_schema(definition)  # raises DefinitionError when invalid
    assert definition["version"] == 3
    deps = definition["dependencies"]
    assert definition["images"]["base_image"]["name"] == "quay.io/centos/centos:stream9"
    assert deps["python_interpreter"] == {"package_system": "python3.11", "python_path": "/usr/bin/python3.11"}
    core = re.match(r"^ansible-core(.*)$", deps["ansible_core"]["package_pip"])
    assert core, deps["ansible_core"]
    spec = SpecifierSet(core.group(1))
    assert "2.19.0" in spec and "2.19.14" in spec and "2.18.9" not in spec and "2.20.0" not in spec
    assert deps["ansible_runner"]["package_pip"].startswith("ansible-runner")


def test_supported_lines_are_the_same_everywhere():
    # meta/runtime.yml's lower bound is the oldest line; the Makefile's matrix tests every line.
    runtime = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text())
    requires = SpecifierSet(runtime["requires_ansible"])
    oldest = min(CORE_LINES, key=Version)
    assert "%s.0" % oldest in requires and "2.15.99" not in requires
    makefile = (REPO / "Makefile").read_text()
    matrix = re.search(r"^MATRIX_LINES \?= (\S+)$", makefile, re.M)
    assert matrix and matrix.group(1).split(",") == sorted(CORE_LINES, key=Version)
    # the development venv's ansible-core (requirements-dev.txt) runs on the Python given for its line
    import importlib.metadata
    dev = importlib.metadata.metadata("ansible-core")
    line = ".".join(dev["Version"].split(".")[:2])
    assert line in CORE_LINES
    assert SpecifierSet(dev["Requires-Python"]) == SpecifierSet(">=%d.%d" % CORE_LINES[line])


def test_every_supported_line_has_an_ee_recipe():
    rows = ee_table()
    assert sorted(rows, key=Version) == sorted(CORE_LINES, key=Version)
    for line, (package, path, pin) in rows.items():
        assert path == "/usr/bin/" + package, line
        python = tuple(int(part) for part in package[len("python"):].split("."))
        assert python >= CORE_LINES[line], "%s needs Python %d.%d or newer" % ((line,) + CORE_LINES[line])
        spec = SpecifierSet(pin[len("ansible-core"):])
        major, minor = (int(part) for part in line.split("."))
        assert "%s.0" % line in spec and "%s.99" % line in spec, (line, pin)
        assert "%d.%d.99" % (major, minor - 1) not in spec and "%d.%d.0" % (major, minor + 1) not in spec, (line, pin)
    # the definition itself builds one row of the table, exactly
    deps = DEFINITION["dependencies"]
    built = [line for line, row in rows.items() if row == (deps["python_interpreter"]["package_system"],
                                                          deps["python_interpreter"]["python_path"],
                                                          deps["ansible_core"]["package_pip"])]
    assert built == ["2.19"]


def test_awx_guide_names_every_line_and_its_pin():
    guide = (REPO / "docs" / "docsite" / "rst" / "awx.rst").read_text()
    for line, (package, path, pin) in ee_table().items():
        assert re.search(r"^\s*%s\s.*``%s``.*``%s``" % (re.escape(line), re.escape(package), re.escape(pin)), guide, re.M), \
            "awx.rst: no row for ansible-core %s (%s, %s)" % (line, package, pin)


def test_tarball_source_is_what_make_ee_context_writes():
    # Makefile: EE_TARBALL := .work/ee/$(NAMESPACE)-$(NAME).tar.gz, copied there by `make ee-context`.
    expected = ".work/ee/%s-%s.tar.gz" % (GALAXY["namespace"], GALAXY["name"])
    assert [e["src"] for e in DEFINITION["additional_build_files"]] == [expected]
    dry_run = subprocess.run(["make", "-n", "ee-context"], cwd=str(REPO), capture_output=True, text=True, timeout=60)
    assert dry_run.returncode == 0, dry_run.stderr
    assert expected in dry_run.stdout and "ansible-builder create" in dry_run.stdout


def test_containerfile_installs_python_ansible_and_the_collection(ee):
    containerfile = (ee["context"] / "Containerfile").read_text()
    assert 'ARG EE_BASE_IMAGE="quay.io/centos/centos:stream9"' in containerfile
    assert "FROM $EE_BASE_IMAGE AS base" in containerfile
    assert 'ARG PYCMD="/usr/bin/python3.11"' in containerfile and 'ARG PYPKG="python3.11"' in containerfile
    refs = re.search(r'^ARG ANSIBLE_INSTALL_REFS="(.*)"$', containerfile, re.M)
    assert refs and refs.group(1).split() == ["ansible-core>=2.19,<2.20", "ansible-runner"]
    assert "RUN $PYCMD -m pip install --no-cache-dir $ANSIBLE_INSTALL_REFS" in containerfile
    assert "RUN $PKGMGR install $PYPKG -y" in containerfile
    # Another ansible-core line is built from the same context with --build-arg (execution-environment.yml and
    # awx.rst show how): every argument they name is declared before the first FROM and again in each stage.
    documented = set()
    for text in ((REPO / "execution-environment.yml").read_text(), (REPO / "docs" / "docsite" / "rst" / "awx.rst").read_text()):
        documented |= set(re.findall(r"--build-arg ([A-Z_]+)=", text))
    assert documented == {"PYPKG", "PYCMD", "ANSIBLE_INSTALL_REFS"}
    head, _, stages = containerfile.partition("\nFROM ")
    for name in documented:
        assert re.search(r"^ARG %s=" % name, head, re.M), name
        assert stages.count("\nARG %s\n" % name) == containerfile.count("\nFROM "), name
    # galaxy stage: the context's _build/ becomes /build, the collection is installed from there
    assert "COPY _build /build" in containerfile and "WORKDIR /build" in containerfile
    assert re.search(r"^RUN .*ansible-galaxy collection install .*-r requirements\.yml", containerfile, re.M)
    # builder stage: introspection of the installed collections finds their Python requirements
    assert "introspect.py introspect" in containerfile
    assert "RUN /output/scripts/check_ansible $PYCMD" in containerfile


def test_context_holds_the_tarball_the_galaxy_requirements_name(ee):
    requirements = yaml.safe_load((ee["build"] / "requirements.yml").read_text())
    [entry] = requirements["collections"]
    assert entry["type"] == "file"
    in_context = ee["build"] / entry["name"]  # relative to /build, the galaxy stage's working directory
    assert in_context.is_file()
    assert in_context.read_bytes() == ee["tarball"].read_bytes()
    with tarfile.open(in_context) as archive:
        info = json.load(archive.extractfile("MANIFEST.json"))["collection_info"]
        names = set(archive.getnames())
    assert (info["namespace"], info["name"], info["version"]) == (GALAXY["namespace"], GALAXY["name"], str(GALAXY["version"]))
    assert "meta/execution-environment.yml" in names and "meta/ee-requirements.txt" in names
    assert "execution-environment.yml" not in names  # build_ignore: the definition is not part of the collection


def test_galaxy_and_builder_stages_replayed_offline(ee):
    # What the image's galaxy stage runs in /build, then what its builder stage introspects.
    collections = ee["dir"] / "installed"
    out = run([BIN / "ansible-galaxy", "collection", "install", "-r", "requirements.yml", "--collections-path", collections],
              ee["build"], ee["home"], ANSIBLE_GALAXY_DISABLE_GPG_VERIFY="1")
    assert "%s:%s was installed successfully" % (FQCN, GALAXY["version"]) in out
    installed = collections / "ansible_collections" / GALAXY["namespace"] / GALAXY["name"]
    assert (installed / "meta" / "execution-environment.yml").is_file()
    out = run([sys.executable, "-m", "ansible_builder", "introspect", collections], ee["dir"], ee["home"])
    assert re.search(r"requests>=2\.28\.0\s+# from collection %s" % re.escape(FQCN), out), out
    assert re.search(r"aiohttp>=3\.9\.0\s+# from collection %s" % re.escape(FQCN), out), out


def test_introspect_staged_collection_lists_requests_and_aiohttp(tmp_path):
    run([sys.executable, REPO / "tests" / "tools" / "stage_collection.py", "--dest", tmp_path / "stage"], REPO, tmp_path)
    out = run([sys.executable, "-m", "ansible_builder", "introspect", tmp_path / "stage"], tmp_path, tmp_path)
    data = yaml.safe_load(out)
    assert [line.split("#")[0].strip() for line in data["python"]] == ["requests>=2.28.0", "aiohttp>=3.9.0"], out
    assert data["system"] == []


# What the Event-Driven Ansible sources import that neither Python nor the collection itself provides, with the
# distribution that provides it: ansible-core is the environment's own (an EE's or a decision environment's).
EDA_IMPORTS = {"aiohttp": "aiohttp", "ansible": "ansible-core", "requests": "requests"}


def test_every_library_the_event_sources_import_is_an_ee_requirement():
    declared = set()
    for line in (REPO / "meta" / "ee-requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            declared.add(re.split(r"[<>=!~ ;\[]", line, 1)[0].lower())
    sources = sorted((REPO / "extensions" / "eda" / "plugins" / "event_source").glob("*.py"))
    assert [p.name for p in sources] == ["notifications.py", "pool_health.py"]
    for source in sources:
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "__future__":
                    continue
                if name.startswith("ansible_collections.edgeops.cloudflare."):
                    continue
                assert top in EDA_IMPORTS, "%s imports %s: add it to meta/ee-requirements.txt and EDA_IMPORTS" % (
                    source.name, name)
                assert EDA_IMPORTS[top] == "ansible-core" or EDA_IMPORTS[top] in declared, (
                    "%s imports %s, which meta/ee-requirements.txt does not declare" % (source.name, name))
    # requests comes in through the collection's client, which pool_health uses
    assert {"aiohttp", "requests"} <= declared


def test_collection_ee_metadata_check_still_passes():
    proc = subprocess.run([sys.executable, str(REPO / "tests" / "tools" / "check_ee.py")], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "aiohttp>=3.9.0, requests>=2.28.0" in proc.stdout


def test_tarball_ships_the_event_sources_the_rulebook_and_their_playbook(ee):
    with tarfile.open(ee["tarball"]) as archive:
        names = set(archive.getnames())
    assert {"extensions/eda/plugins/event_source/pool_health.py", "extensions/eda/plugins/event_source/notifications.py",
            "extensions/eda/rulebooks/origin_health.yml", "playbooks/origin_health.yml", "meta/extensions.yml",
            "plugins/module_utils/_health.py"} <= names
