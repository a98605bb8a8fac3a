#!/usr/bin/env python3
"""Regenerates expected/ from cases/ with Python's Jinja2 (3.1), set up the way dbt sets it up.

For cases/<area>/<name>.jinja it writes expected/<area>/<name>.out (the exact rendered text)
or, when Jinja2 raises, expected/<area>/<name>.err:

    <ExceptionClass>: <message>
    file: <template name where the error happened>
    line: <line in that template>

The outputs are committed; the test suite never needs Python.
"""
import json
import os
import sys
import traceback

import jinja2

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, 'cases')
EXPECTED = os.path.join(HERE, 'expected')


class NamedDictLoader(jinja2.DictLoader):
    """A DictLoader that reports each template's name as its filename, so errors name it."""

    def get_source(self, environment, template):
        source, _, uptodate = super().get_source(environment, template)
        return source, template, uptodate


def make_env(templates, strict):
    return jinja2.Environment(
        extensions=['jinja2.ext.do', 'jinja2.ext.loopcontrols'],
        loader=NamedDictLoader(templates),
        undefined=jinja2.StrictUndefined if strict else jinja2.Undefined,
        keep_trailing_newline=False,
        trim_blocks=False,
        lstrip_blocks=False,
        autoescape=False,
    )


def error_location(exc, names):
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.name or exc.filename, exc.lineno
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename in names:
            return frame.filename, frame.lineno
    return None, None


def render_case(name, source, options):
    templates = dict(options.get('templates', {}))
    templates[name] = source
    env = make_env(templates, options.get('strict', False))
    try:
        return 'out', env.get_template(name).render(**options.get('context', {}))
    except Exception as exc:  # every failure is an expectation for the engine
        message = getattr(exc, 'message', None) or str(exc)
        file, line = error_location(exc, templates)
        text = f'{type(exc).__name__}: {message}\n'
        if file:
            text += f'file: {file}\n'
        if line:
            text += f'line: {line}\n'
        return 'err', text


def main():
    if not jinja2.__version__.startswith('3.1.'):
        print(f'warning: expected outputs come from Jinja2 3.1, this is {jinja2.__version__}', file=sys.stderr)
    # Our engine's own messages (.ours, written by record-errors.mjs) are kept.
    for root, _, files in os.walk(EXPECTED):
        for file in files:
            if file.endswith(('.out', '.err')):
                os.remove(os.path.join(root, file))
    counts = {'out': 0, 'err': 0}
    surprises = []
    for area in sorted(os.listdir(CASES)):
        for file in sorted(os.listdir(os.path.join(CASES, area))):
            if not file.endswith('.jinja'):
                continue
            stem = file[: -len('.jinja')]
            base = os.path.join(CASES, area, stem)
            with open(base + '.jinja', encoding='utf-8', newline='') as f:
                source = f.read()
            options = {}
            if os.path.exists(base + '.json'):
                with open(base + '.json', encoding='utf-8') as f:
                    options = json.load(f)
            kind, text = render_case(f'{area}/{file}', source, options)
            counts[kind] += 1
            if (kind == 'err') != (area == 'errors'):
                surprises.append(f'{area}/{stem}: {kind} {text.splitlines()[0] if text else ""}')
            os.makedirs(os.path.join(EXPECTED, area), exist_ok=True)
            with open(os.path.join(EXPECTED, area, f'{stem}.{kind}'), 'w', encoding='utf-8', newline='') as f:
                f.write(text)
    print(f'jinja2 {jinja2.__version__}: {counts["out"]} outputs, {counts["err"]} errors')
    for s in surprises:
        print('unexpected:', s, file=sys.stderr)
    return 1 if surprises else 0


if __name__ == '__main__':
    sys.exit(main())
