#!/usr/bin/env python3
"""Builds kubernetes-descriptions.json beside this script from the npm package kubernetes-types (Apache-2.0, generated
from Kubernetes' OpenAPI document): per Kubernetes schema name, the type's description, its required fields (the fields
TypeScript declares without '?') and each field's description.

    npm pack kubernetes-types@1.30.0 && tar xzf kubernetes-types-1.30.0.tgz
    python3 extract-descriptions.py package > kubernetes-descriptions.json
"""
import json
import re
import sys

FILES = {
    'core/v1.d.ts': 'io.k8s.api.core.v1.',
    'apps/v1.d.ts': 'io.k8s.api.apps.v1.',
    'coordination/v1.d.ts': 'io.k8s.api.coordination.v1.',
    'meta/v1.d.ts': 'io.k8s.apimachinery.pkg.apis.meta.v1.',
    'api/resource.d.ts': 'io.k8s.apimachinery.pkg.api.resource.',
}
COMMENT = re.compile(r'/\*\*(.*?)\*/', re.S)


def clean(comment):
    lines = [re.sub(r'^\s*\* ?', '', l) for l in comment.strip('\n').split('\n')]
    return '\n'.join(lines).strip()


def parse(text, prefix, out):
    pos = 0
    pending = None
    depth = 0
    current = None
    token = re.compile(r'/\*\*.*?\*/|export interface (\w+)[^{]*\{|export type (\w+) =[^;]*;|\}|(readonly )?(\w+)(\?)?:([^;]*);', re.S)
    for m in token.finditer(text):
        s = m.group(0)
        if s.startswith('/**'):
            pending = clean(s[3:-2])
        elif m.group(1):
            current = {'description': pending or '', 'required': [], 'properties': {}}
            out[prefix + m.group(1)] = current
            pending = None
        elif m.group(2):
            out[prefix + m.group(2)] = {'description': pending or '', 'required': [], 'properties': {}}
            pending = None
        elif s == '}':
            current = None
        elif current is not None and m.group(4):
            name = m.group(4)
            if pending:
                current['properties'][name] = pending
            # top-level kinds declare apiVersion and kind as required string literals; Kubernetes does not require them
            if not m.group(5) and not m.group(6).strip().startswith('"'):
                current['required'].append(name)
            pending = None


def main():
    root = sys.argv[1]
    out = {}
    for path, prefix in FILES.items():
        with open(root + '/' + path) as f:
            parse(f.read(), prefix, out)
    json.dump(out, sys.stdout, indent=None, sort_keys=True, separators=(',', ':'))


main()
