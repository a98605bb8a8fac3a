#!/usr/bin/env python3
"""Writes the conformance corpus's case files from the compact tables in tables/*.py.

Each table entry becomes cases/<area>/<name>.jinja plus, when it has options,
cases/<area>/<name>.json ({"context": {...}, "strict": true, "templates": {...}}).
Run it after editing a table, then run generate.py to refresh the expected outputs.
Only the standard library is needed.
"""
import importlib.util
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, 'cases')


def load_tables():
    tables_dir = os.path.join(HERE, 'tables')
    sys.path.insert(0, tables_dir)
    for file in sorted(os.listdir(tables_dir)):
        if not file.endswith('.py') or file.startswith('_'):
            continue
        spec = importlib.util.spec_from_file_location(file[:-3], os.path.join(tables_dir, file))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module.AREA, module.CASES


def check_context(value, where):
    # JSON cannot tell 2.0 from 2, but Python prints them differently: keep such floats out.
    if isinstance(value, float) and value.is_integer():
        raise SystemExit(f'{where}: integral float {value!r} in a context is ambiguous in JSON')
    if isinstance(value, dict):
        for k, v in value.items():
            check_context(v, where)
    if isinstance(value, list):
        for v in value:
            check_context(v, where)


def main():
    if os.path.isdir(CASES):
        shutil.rmtree(CASES)
    count = 0
    seen = set()
    for area, cases in load_tables():
        os.makedirs(os.path.join(CASES, area), exist_ok=True)
        for case in cases:
            name, source, options = case['name'], case['source'], case['options']
            key = f'{area}/{name}'
            if key in seen:
                raise SystemExit(f'duplicate case {key}')
            seen.add(key)
            check_context(options.get('context', {}), key)
            base = os.path.join(CASES, area, name)
            with open(base + '.jinja', 'w', encoding='utf-8', newline='') as f:
                f.write(source)
            if options:
                with open(base + '.json', 'w', encoding='utf-8', newline='') as f:
                    f.write(json.dumps(options, indent=2, ensure_ascii=False) + '\n')
            count += 1
    print(f'wrote {count} cases')


if __name__ == '__main__':
    main()
