"""Helpers shared by the case tables."""
import textwrap


def case(name, source, context=None, strict=False, templates=None):
    """One corpus case: a template source and its rendering options."""
    options = {}
    if context:
        options['context'] = context
    if strict:
        options['strict'] = True
    if templates:
        options['templates'] = templates
    return {'name': name, 'source': source, 'options': options}


def block(text):
    """A multi-line template written indented in a table: dedented, ending in one newline."""
    return textwrap.dedent(text).lstrip('\n').rstrip(' ')
