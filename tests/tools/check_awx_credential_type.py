#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check the AWX custom credential type in playbooks/awx/ the way AWX would, without AWX.

AWX validates a custom credential type when it is saved (its input configuration and its injector
configuration), then renders the injector templates for every job that uses a credential of that type.
This module restates those rules in plain Python so the suite can hold our credential type to them:

* ``check_inputs(inputs)``: the input configuration (fields, ids, labels, types, ``secret`` only on
  strings, unique ids, ``required``);
* ``check_injectors(inputs, injectors)``: the injector configuration (env variable names AWX accepts
  and does not refuse, templates that only use defined fields), and that every template renders for
  every combination of missing optional inputs, as AWX renders them at job start;
* ``render_env(inputs, injectors, credential)``: the environment AWX would inject for a credential
  holding ``credential`` (a dict of input values).

Sources (read, restated here in our own form): ansible/awx at commit e21dd0a0933f (2024-10-23):
awx/main/constants.py (ENV_BLOCKLIST), awx/main/fields.py (CredentialTypeInputField,
CredentialTypeInjectorField) and awx/main/models/credential.py (CredentialType.inject_credential,
Credential.get_input). Rules marked "project rule" are ours and stricter than AWX.

Run as a script, it checks playbooks/awx/credential_type_{inputs,injectors}.yml (``make lint``).
"""

from __future__ import annotations

import itertools
import os
import re
import sys

import yaml
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

INPUTS_FILE = os.path.join('playbooks', 'awx', 'credential_type_inputs.yml')
INJECTORS_FILE = os.path.join('playbooks', 'awx', 'credential_type_injectors.yml')

# Environment variable names AWX never injects from a credential: it refuses a credential type that
# names one, and skips (with an error in its log) any that slips through at job start. The list is
# AWX's ENV_BLOCKLIST (awx/main/constants.py, ansible/awx e21dd0a0933f), written out here; AWX also
# refuses every name that starts with ANSIBLE_ (awx/main/fields.py, validate_env_var_allowed), since
# those would change Ansible's own configuration.
AWX_ENV_BLOCKLIST = frozenset("""
    AD_HOC_COMMAND_ID AWX_HOST CACHE CALLBACK_CONNECTION CALLBACK_QUEUE INVENTORY_HOSTVARS INVENTORY_ID
    INVENTORY_SOURCE_ID INVENTORY_UPDATE_ID JOB_CALLBACK_DEBUG JOB_ID MAX_EVENT_RES PATH PROJECT_REVISION
    PYTHONPATH REST_API_TOKEN REST_API_URL SUPERVISOR_CONFIG_PATH VIRTUAL_ENV
""".split())
AWX_REFUSED_ENV_PREFIX = 'ANSIBLE_'

# Names AWX accepts: field ids and env variable names (POSIX shell names); file injector keys.
NAME_RE = re.compile(r'^[a-zA-Z_]+[a-zA-Z0-9_]*$')
FILE_KEY_RE = re.compile(r'^template(\.[a-zA-Z_]+[a-zA-Z0-9_]*)?$')
EXTRA_VAR_KEY_RE = re.compile(r'^[a-zA-Z_{}]+[a-zA-Z0-9_{}]*$')

INPUT_KEYS = frozenset(['fields', 'required'])
INJECTOR_KEYS = frozenset(['env', 'file', 'extra_vars'])
# What AWX accepts in one field, and the type each key must have.
FIELD_KEYS = {
    'id': str, 'label': str, 'type': str, 'help_text': str, 'format': str, 'choices': list,
    'multiline': bool, 'secret': bool, 'ask_at_runtime': bool, 'default': object,
}
FIELD_TYPES = {'string': str, 'boolean': bool}
FIELD_FORMATS = frozenset(['ssh_private_key', 'url'])
STRING_ONLY_KEYS = ('choices', 'multiline', 'format', 'secret')
RESERVED_IDS = frozenset(['tower'])


def field_type(field: dict) -> str:
    """AWX treats a field without ``type`` as a string."""
    return field.get('type', 'string')


def fields_of(inputs: dict) -> list[dict]:
    """The well-formed field entries of an input configuration (dicts with a string id)."""
    fields = inputs.get('fields') if isinstance(inputs, dict) else None
    return [f for f in fields or [] if isinstance(f, dict) and isinstance(f.get('id'), str)] if isinstance(fields, list) else []


def required_of(inputs: dict) -> list[str]:
    required = inputs.get('required') if isinstance(inputs, dict) else None
    return [r for r in required if isinstance(r, str)] if isinstance(required, list) else []


# ----------------------------------------------------------------------------------------- inputs
def check_inputs(inputs) -> list[str]:
    """Problems AWX (or a project rule) finds in an input configuration; [] when it is valid."""
    if not isinstance(inputs, dict):
        return ['inputs: must be a mapping with "fields" (and optionally "required")']
    problems = []
    if 'dependencies' in inputs:
        problems.append('inputs: "dependencies" is not supported for custom credential types')
    problems += ['inputs: unknown key "%s" (AWX accepts only fields, required)' % key
                 for key in sorted(set(inputs) - INPUT_KEYS - {'dependencies'})]
    fields = inputs.get('fields', [])
    if not isinstance(fields, list):
        return problems + ['inputs: "fields" must be a list']
    seen = set()
    for index, field in enumerate(fields):
        where = 'field #%d' % (index + 1)
        if not isinstance(field, dict):
            problems.append('%s: must be a mapping' % where)
            continue
        if isinstance(field.get('id'), str):
            where = 'field %s' % field['id']
        for key in ('id', 'label'):
            if key not in field:
                problems.append('%s: has no "%s"' % (where, key))
        for key in sorted(field):
            if key not in FIELD_KEYS:
                problems.append('%s: unknown key "%s"' % (where, key))
            elif key != 'default' and not isinstance(field[key], FIELD_KEYS[key]):
                problems.append('%s: "%s" must be a %s' % (where, key, FIELD_KEYS[key].__name__))
        id_ = field.get('id')
        if isinstance(id_, str):
            if not NAME_RE.search(id_):
                problems.append('%s: "%s" is an invalid variable name' % (where, id_))
            if id_ in RESERVED_IDS:
                problems.append('%s: "%s" is a reserved field name' % (where, id_))
            if id_ in seen:
                problems.append('%s: field ids must be unique' % where)
            seen.add(id_)
        type_ = field_type(field)
        if not isinstance(type_, str) or type_ not in FIELD_TYPES:
            problems.append('%s: type %r is not one of %s' % (where, type_, ', '.join(FIELD_TYPES)))
            continue
        # Project rule: everything we inject is an environment variable, so every field is a string,
        # and says so (AWX would assume "string" when type is missing).
        if field.get('type') != 'string':
            problems.append('%s: project rule: type must be given and be "string" (got %r)' % (where, field.get('type')))
        if 'default' in field and type(field['default']) is not FIELD_TYPES[type_]:  # pylint: disable=unidiomatic-typecheck
            problems.append('%s: default %r is not a %s' % (where, field['default'], type_))
        for key in STRING_ONLY_KEYS:
            if key in field and type_ != 'string':
                problems.append('%s: "%s" is not allowed on a %s field' % (where, key, type_))
        if isinstance(field.get('format'), str) and field['format'] not in FIELD_FORMATS:
            problems.append('%s: format "%s" is not one of %s' % (where, field['format'], ', '.join(sorted(FIELD_FORMATS))))
        choices = field.get('choices')
        if isinstance(choices, list) and (not choices or len(set(map(repr, choices))) != len(choices)
                                          or not all(isinstance(c, str) for c in choices)):
            problems.append('%s: choices must be a non-empty list of distinct strings' % where)
    required = inputs.get('required', [])
    if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
        problems.append('inputs: "required" must be a list of field ids')
    else:
        # Project rule: AWX silently ignores a required name that is no field; we refuse it.
        problems += ['inputs: required names "%s", which is not a defined field' % name
                     for name in required if name not in seen]
    return problems


# ------------------------------------------------------------------------------------- templates
class _Reserved(object):
    """AWX's reserved ``tower`` template namespace: using it as a value is an error."""

    def __init__(self, what):
        self._what = what

    def __str__(self):
        raise UndefinedError('cannot use the reserved %s directly' % self._what)


def _tower_namespace(file_injectors: dict):
    """The ``tower`` variable templates see: tower.filename (or tower.filename.NAME) for file injectors."""
    tower = _Reserved('`tower` namespace')
    labels = [key for key in file_injectors if isinstance(key, str) and key.startswith('template')]
    if 'template' in labels:
        tower.filename = 'EXAMPLE_FILENAME'
    else:
        tower.filename = _Reserved('`tower.filename` (define an unnamed file injector first)')
        for label in labels:
            setattr(tower.filename, label.split('.', 1)[1], 'EXAMPLE_FILENAME')
    return tower


def _templates(injectors: dict):
    """Yield (where, template string) for every template of an injector configuration."""
    for kind in ('file', 'env'):
        for key, value in sorted((injectors.get(kind) or {}).items()):
            if isinstance(value, str):
                yield '%s %s' % (kind, key), value

    def walk(where, node):
        if isinstance(node, dict):
            for key, value in node.items():
                yield 'extra_vars key of %s' % where, str(key)
                yield from walk('%s.%s' % (where, key), value)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk('%s[%d]' % (where, index), value)
        elif isinstance(node, str):
            yield 'extra_vars %s' % where, node

    for key, value in (injectors.get('extra_vars') or {}).items():
        yield 'extra_vars key %s' % key, str(key)
        yield from walk(str(key), value)


def runtime_namespace(inputs: dict, credential: dict) -> dict:
    """The variables AWX gives injector templates for a credential holding ``credential``.

    As AWX does at job start: a string input is a variable only when it is non-empty (a missing or
    empty one is simply undefined, and renders as an empty string), a boolean input always is (False
    when missing), an ssh_private_key value ends with a newline.
    """
    namespace = {}
    for name, value in credential.items():
        if isinstance(value, bool) or (isinstance(value, str) and value):
            namespace[name] = value
    for field in fields_of(inputs):
        if field_type(field) == 'boolean' and field['id'] not in credential:
            namespace[field['id']] = False
        if field.get('format') == 'ssh_private_key' and isinstance(namespace.get(field['id']), str):
            if not namespace[field['id']].endswith('\n'):
                namespace[field['id']] += '\n'
    namespace['tower'] = _Reserved('`tower` namespace')
    return namespace


def sample_value(field: dict):
    """A stand-in value for a field that is set."""
    if field_type(field) == 'boolean':
        return True
    if field.get('choices'):
        return field['choices'][0]
    return 'Example-Value'


def check_injectors(inputs, injectors) -> list[str]:
    """Problems AWX (or a project rule) finds in an injector configuration; [] when it is valid."""
    if not isinstance(injectors, dict):
        return ['injectors: must be a mapping (env, file, extra_vars)']
    problems = ['injectors: unknown key "%s" (AWX accepts only env, file, extra_vars)' % key
                for key in sorted(set(injectors) - INJECTOR_KEYS)]
    env = injectors.get('env') or {}
    if not isinstance(env, dict):
        problems.append('injectors: "env" must be a mapping of variable name to template')
        env = {}
    for name, value in env.items():
        if not isinstance(name, str) or not NAME_RE.search(name):
            problems.append('env %s: not a valid environment variable name' % (name,))
            continue
        if name.startswith(AWX_REFUSED_ENV_PREFIX):
            problems.append('env %s: names starting with %s may change Ansible\'s configuration; AWX refuses them'
                            % (name, AWX_REFUSED_ENV_PREFIX))
        if name in AWX_ENV_BLOCKLIST:
            problems.append('env %s: AWX does not allow this variable in credentials (ENV_BLOCKLIST)' % name)
        if not isinstance(value, str):
            problems.append('env %s: the value must be a string template' % name)
        elif not value.isascii():
            problems.append('env %s: the value must be ASCII' % name)
    files = injectors.get('file') or {}
    if not isinstance(files, dict):
        problems.append('injectors: "file" must be a mapping of template keys to templates')
        files = {}
    for key, value in files.items():
        if not isinstance(key, str) or not FILE_KEY_RE.search(key):
            problems.append('file %s: keys must be "template" or "template.NAME"' % (key,))
        if not isinstance(value, str):
            problems.append('file %s: the value must be a string template' % (key,))
    if 'template' in files and len(files) > 1:
        problems.append('file: use only "template.NAME" keys when injecting several files')
    extra_vars = injectors.get('extra_vars') or {}
    if not isinstance(extra_vars, dict):
        problems.append('injectors: "extra_vars" must be a mapping')
        extra_vars = {}
    for key in extra_vars:
        if not isinstance(key, str) or not EXTRA_VAR_KEY_RE.search(key):
            problems.append('extra_vars %s: not a valid variable name' % (key,))
    if problems or check_inputs(inputs):
        # AWX, too, only looks at the templates once the rest is valid.
        return problems
    templates = list(_templates({'env': env, 'file': files, 'extra_vars': extra_vars}))
    fields = fields_of(inputs)

    # 1. When the type is saved: every template renders with every field set (StrictUndefined, so a
    #    variable that is no field is an error), in AWX's sandbox.
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    save_namespace = dict((f['id'], 'EXAMPLE') for f in fields)
    save_namespace['tower'] = _tower_namespace(files)
    for where, template in templates:
        try:
            strict.from_string(template).render(save_namespace)
        except UndefinedError as err:
            problems.append('%s: uses an undefined field (%s)' % (where, err))
        except SecurityError as err:
            problems.append('%s: unsafe code in the template (%s)' % (where, err))
        except TemplateSyntaxError as err:
            problems.append('%s: template syntax error (%s)' % (where, err))
    if problems:
        return problems

    # 2. At job start (AWX refuses to start a job whose credential lacks a required input): every
    #    template renders whichever optional inputs are missing, with AWX's runtime namespace.
    required = set(required_of(inputs))
    optional = [f['id'] for f in fields if f['id'] not in required]
    lenient = ImmutableSandboxedEnvironment()
    failures = {}
    for count in range(len(optional) + 1):
        for missing in itertools.combinations(optional, count):
            credential = dict((f['id'], sample_value(f)) for f in fields if f['id'] not in missing)
            namespace = runtime_namespace(inputs, credential)
            namespace['tower'] = _tower_namespace(files)
            for where, template in templates:
                try:
                    lenient.from_string(template).render(namespace)
                except Exception as err:  # pylint: disable=broad-except
                    failures.setdefault((where, str(err)), missing)
    for (where, message), missing in sorted(failures.items()):
        problems.append('%s: fails at job start when %s %s missing (%s)'
                        % (where, ', '.join(missing) or 'no optional input', 'is' if len(missing) == 1 else 'are', message))

    # Project rule: every field reaches the job through some injector.
    used = set()
    for _where, template in templates:
        used |= meta.find_undeclared_variables(strict.parse(template))
    problems += ['field %s: project rule: no injector uses it' % f['id'] for f in fields if f['id'] not in used]
    return problems


def render_env(inputs: dict, injectors: dict, credential: dict) -> dict:
    """The environment AWX injects into a job for a credential holding ``credential``.

    Every env injector is rendered (an empty result is still injected, as an empty string), with
    AWX's sandbox and its default (lenient) undefined handling; names AWX refuses are left out, as AWX
    leaves them out at job start. Raises what the template raises.
    """
    sandbox = ImmutableSandboxedEnvironment()
    namespace = runtime_namespace(inputs, credential)
    env = {}
    for name, template in (injectors.get('env') or {}).items():
        if name.startswith(AWX_REFUSED_ENV_PREFIX) or name in AWX_ENV_BLOCKLIST:
            continue
        env[name] = sandbox.from_string(template).render(**namespace)
    return env


def check(inputs, injectors) -> list[str]:
    """All problems of a credential type (input and injector configuration)."""
    return check_inputs(inputs) + check_injectors(inputs, injectors)


def load(root: str) -> tuple[dict, dict]:
    """The credential type of the collection at ``root``: (inputs, injectors)."""
    with open(os.path.join(root, INPUTS_FILE), encoding='utf-8') as handle:
        inputs = yaml.safe_load(handle)
    with open(os.path.join(root, INJECTORS_FILE), encoding='utf-8') as handle:
        injectors = yaml.safe_load(handle)
    return inputs, injectors


def main() -> int:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    inputs, injectors = load(root)
    problems = check(inputs, injectors)
    for problem in problems:
        print('check_awx_credential_type: %s' % problem)
    if problems:
        return 1
    optional = len(fields_of(inputs)) - len(required_of(inputs))
    print('check_awx_credential_type: ok: %d fields, %d env injectors; every template renders with any of the %d '
          'combinations of missing optional inputs' % (len(fields_of(inputs)), len(injectors.get('env') or {}), 2 ** optional))
    return 0


if __name__ == '__main__':
    sys.exit(main())
