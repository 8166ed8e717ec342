#!/usr/bin/env node
// Writes src/main/java/io/datalayer/kube/Kube.java: a factory per Kubernetes kind this project makes
// (io.datalayer.kube.KubeObject) and the Java side of cdk8s-plus-28's L1
// serializers (the `toJson_<Type>` functions of its lib/imports/k8s.js), for the Kubernetes kinds
// this project builds and every type they reach. A manifest then crosses into cdk8s once, whole
// (io.datalayer.kube.KubeObject), instead of as props that jsii serializes struct by struct through
// Jackson. The key names, which fields are structs, lists, maps or IntOrString/Quantity values, all
// come from the very functions cdk8s runs, so the generated code cannot drift from them; Java getter
// names follow jsii's own naming (codemaker's toPascalCase, as jsii-pacmak). KubeGeneratedTest fails when
// this file is not what the installed cdk8s-plus-28 generates.
//
// Usage: node scripts/generate-kube-json.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { toPascalCase } = require('codemaker');
const version = JSON.parse(readFileSync(require.resolve('cdk8s-plus-28/package.json'), 'utf8')).version;

// The JavaScript of an assembly `cdk8s import` generated (src/main/resources/imports/**.jsii.tgz: a
// gzipped tar of the npm package), read without unpacking it.
function jsInTarball(path) {
  const tar = gunzipSync(readFileSync(join(root, path)));
  for (let at = 0; at + 512 <= tar.length;) {
    const name = tar.subarray(at, at + 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(tar.subarray(at + 124, at + 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    if (name === '') break;
    if (name.endsWith('.js')) return tar.subarray(at + 512, at + 512 + size).toString('utf8');
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${path}: no JavaScript file in it`);
}

// Each source of types: its JavaScript, the Java package jsii generated for it, the kinds this
// project makes from it ([class, apiVersion, kind]) and whether cdk8s's output sorts its keys.
// The built-in kinds' serializers declare their fields in sorted order (checked below); the CRD
// imports declare them in the CRD's order, which the output keeps.
const SOURCES = [
  {
    label: `cdk8s-plus-28 ${version} (lib/imports/k8s.js)`,
    js: readFileSync(require.resolve('cdk8s-plus-28/lib/imports/k8s.js'), 'utf8'),
    pkg: 'org.cdk8s.plus28.k8s',
    sorted: true,
    kinds: [
      ['KubeConfigMap', 'v1', 'ConfigMap'],
      ['KubeCronJob', 'batch/v1', 'CronJob'],
      ['KubeDeployment', 'apps/v1', 'Deployment'],
      ['KubeNamespace', 'v1', 'Namespace'],
      ['KubeNetworkPolicy', 'networking.k8s.io/v1', 'NetworkPolicy'],
      ['KubePersistentVolumeClaim', 'v1', 'PersistentVolumeClaim'],
      ['KubePodDisruptionBudget', 'policy/v1', 'PodDisruptionBudget'],
      ['KubeService', 'v1', 'Service'],
      ['KubeServiceAccount', 'v1', 'ServiceAccount'],
      ['KubeStatefulSet', 'apps/v1', 'StatefulSet'],
    ],
  },
  {
    label: 'the External Secrets import',
    js: jsInTarball('src/main/resources/imports/io/external_secrets/ioexternal-secrets@0.0.0.jsii.tgz'),
    pkg: 'imports.io.external_secrets',
    sorted: false,
    kinds: [
      ['ExternalSecret', 'external-secrets.io/v1', 'ExternalSecret'],
      ['SecretStore', 'external-secrets.io/v1', 'SecretStore'],
    ],
  },
  {
    label: 'the External Secrets generators import',
    js: jsInTarball('src/main/resources/imports/io/external_secrets/generators/ioexternal-secretsgenerators@0.0.0.jsii.tgz'),
    pkg: 'imports.io.external_secrets.generators',
    sorted: false,
    kinds: [['VaultDynamicSecret', 'generators.external-secrets.io/v1alpha1', 'VaultDynamicSecret']],
  },
  {
    label: 'the prometheus-operator import',
    js: jsInTarball('src/main/resources/imports/com/coreos/monitoring/comcoreosmonitoring@0.0.0.jsii.tgz'),
    pkg: 'imports.com.coreos.monitoring',
    sorted: false,
    kinds: [
      ['PrometheusRule', 'monitoring.coreos.com/v1', 'PrometheusRule'],
      ['ServiceMonitor', 'monitoring.coreos.com/v1', 'ServiceMonitor'],
    ],
  },
];
const target = join(root, 'src/main/java/io/datalayer/kube/Kube.java');

const FN = /function toJson_(\w+)\(obj\) \{\n    if \(obj === undefined\) \{\n        return undefined;\n    \}\n    const result = \{\n(.*?)\n    \};/gs;
const ENUM = /^    (\w+)\["(\w+)"\] = "([^"]*)";$/gm;
// Per source: its serializers by type, its enums' values by Java constant; every GVK checked.
for (const source of SOURCES) {
  source.functions = new Map();
  for (const [, type, body] of source.js.matchAll(FN)) {
    source.functions.set(type, [...body.matchAll(/^        '([^']+)': (.*),$/gm)].map(([, key, expr]) => ({ key, expr })));
  }
  source.enums = new Map();
  for (const [, type, member, value] of source.js.matchAll(ENUM)) {
    if (!source.enums.has(type)) source.enums.set(type, []);
    source.enums.get(type).push([member, value]);
  }
  for (const [cls, apiVersion, kind] of source.kinds) {
    const gvk = new RegExp(`${cls}\\.GVK = \\{\\n    apiVersion: '([^']+)',\\n    kind: '([^']+)',\\n\\};`).exec(source.js);
    if (!gvk || gvk[1] !== apiVersion || gvk[2] !== kind) {
      throw new Error(`${cls}: ${source.label} declares ${gvk ? gvk[1] + ' ' + gvk[2] : 'no GVK'}, the generator says ${apiVersion} ${kind}`);
    }
  }
  if (source.sorted) {
    for (const [type, fields] of source.functions) {
      const keys = fields.map((f) => f.key).filter((k) => k !== 'metadata' || !type.endsWith('Props'));
      if (keys.join('\n') !== [...keys].sort().join('\n')) throw new Error(`${source.label}: toJson_${type} is not in sorted order`);
    }
  }
}

// jsii-pacmak's Java names: a property named like a Java keyword gets "Value" appended (`for`: getForValue).
const JAVA_KEYWORDS = new Set(('abstract assert boolean break byte case catch char class const continue default do double else enum'
  + ' extends final finally float for goto if implements import instanceof int interface long native new package private'
  + ' protected public return short static strictfp super switch synchronized this throw throws transient try void'
  + ' volatile while').split(' '));
const prop = (name) => `o.get${toPascalCase(JAVA_KEYWORDS.has(name) ? `${name}Value` : name)}()`;
function shapes(source) {
  const t = (type) => `${source.pkg}.${type}`;
  return [
    // [regular expression over the expression, Java statement builder(key, match)]
    [/^obj\.(\w+)$/, (k, m) => `put(m, "${k}", plain(${prop(m[1])}));`],
    [/^obj\.(\w+)\?\.map\(y => y\)$/, (k, m) => `put(m, "${k}", plain(${prop(m[1])}));`],
    [/^obj\.(\w+)\?\.value$/, (k, m) => `put(m, "${k}", value(${prop(m[1])}));`],
    [/^obj\.(\w+)\?\.toISOString\(\)$/, (k, m) => `put(m, "${k}", instant(${prop(m[1])}));`],
    [/^toJson_(\w+)\(obj\.(\w+)\)$/, (k, m) => (need(source, m[1]), `put(m, "${k}", json(${prop(m[2])}));`)],
    [/^obj\.(\w+)\?\.map\(y => toJson_(\w+)\(y\)\)$/, (k, m) => (need(source, m[2]), listOf(k, m[1], t(m[2])))],
    [/^\(\(obj\.(\w+)\) === undefined\) \? undefined : \(Object\.entries\(obj\.\w+\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\)\)$/,
      (k, m) => `put(m, "${k}", plain(${prop(m[1])}));`],
    [/^\(\(obj\.(\w+)\) === undefined\) \? undefined : \(Object\.entries\(obj\.\w+\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\]\?\.map\(y => y\) \}\), \{\}\)\)$/,
      (k, m) => `put(m, "${k}", plain(${prop(m[1])}));`],
    [/^\(\(obj\.(\w+)\) === undefined\) \? undefined : \(Object\.entries\(obj\.\w+\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\]\?\.value \}\), \{\}\)\)$/,
      (k, m) => `put(m, "${k}", values(${prop(m[1])}));`],
    [/^\(\(obj\.(\w+)\) === undefined\) \? undefined : \(Object\.entries\(obj\.\w+\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: toJson_(\w+)\(i\[1\]\) \}\), \{\}\)\)$/,
      (k, m) => (need(source, m[2]), mapOf(k, m[1], t(m[2])))],
  ];
}

function listOf(key, name, type) {
  return `{
            java.util.List<${type}> list = ${prop(name)};
            if (list != null) {
                List<Object> out = new ArrayList<>(list.size());
                for (${type} item : list) {
                    out.add(json(item));
                }
                m.put("${key}", out);
            }
        }`;
}

function mapOf(key, name, type) {
  return `{
            java.util.Map<String, ${type}> map = ${prop(name)};
            if (map != null) {
                Map<String, Object> out = new TreeMap<>();
                map.forEach((k, v) -> out.put(k, json(v)));
                m.put("${key}", out);
            }
        }`;
}

const queue = [];
function need(source, type) {
  source.wanted ??= new Set();
  if (!source.wanted.has(type)) {
    if (!source.functions.has(type)) throw new Error(`${source.label} has no toJson_${type}`);
    source.wanted.add(type);
    queue.push([source, type]);
  }
}
for (const source of SOURCES) {
  for (const [cls] of source.kinds) need(source, `${cls}Props`);
}

const methods = [];
while (queue.length) {
  const [source, type] = queue.shift();
  const body = source.functions.get(type).map(({ key, expr }) => {
    for (const [re, build] of shapes(source)) {
      const m = re.exec(expr);
      if (m) return build(key, m);
    }
    throw new Error(`${source.label}: toJson_${type}: '${key}': no Java shape for ${expr}`);
  });
  methods.push(`    /** {@code toJson_${type}} of ${source.label}. */
    public static Map<String, Object> json(${source.pkg}.${type} o) {
        if (o == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        ${body.join('\n        ')}
        return m;
    }`);
}

const snake = (kind) => kind.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
const apiVersions = SOURCES.flatMap((source) => source.kinds.map(([, apiVersion, kind]) =>
  `    public static final String ${snake(kind)}_API_VERSION = "${apiVersion}";`));

const factories = SOURCES.flatMap((source) => source.kinds.map(([cls, apiVersion, kind]) => `    /** A {@code ${apiVersion} ${kind}} from the props of {@code ${cls}} (${source.label}). */
    public static KubeObject ${kind[0].toLowerCase() + kind.slice(1)}(Construct scope, String id, ${source.pkg}.${cls}Props props) {
        return new KubeObject(scope, id, "${apiVersion}", "${kind}", json(props), ${source.sorted});
    }`));

// The enums of the imports: jsii's Java enum has the member's name, the output its value.
const enumCases = SOURCES.flatMap((source) => [...source.enums].map(([type, members]) =>
  `        if (value instanceof ${source.pkg}.${type} e) {
            return switch (e) {
${members.map(([member, v]) => `                case ${member} -> ${JSON.stringify(v)};`).join('\n')}
            };
        }`));

const typeCount = SOURCES.reduce((n, s) => n + (s.wanted?.size ?? 0), 0);
const kindCount = SOURCES.reduce((n, s) => n + s.kinds.length, 0);
const java = `// Generated by scripts/generate-kube-json.mjs from ${SOURCES.map((s) => s.label).join(', ')}: do not edit.
package io.datalayer.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * The Kubernetes objects this project makes, each a {@link KubeObject} built from the typed props of
 * cdk8s-plus-28's L1 classes or of the CRD imports, and those libraries' serializers
 * ({@code toJson_<Type>} of their JavaScript) on the Java side, one method per type: each returns the
 * type's fields under their Kubernetes names, nulls left out, in the order the JavaScript declares
 * them. ${typeCount} types from ${kindCount} kinds.
 */
public final class Kube extends KubeJsonValues {
${apiVersions.join('\n')}

    private Kube() {
    }

${factories.join('\n\n')}

${methods.join('\n\n')}

    /** The value of an enum of the imports, as their JavaScript has it. */
    static String enumValue(Enum<?> value) {
${enumCases.join('\n')}
        throw new IllegalArgumentException("no JSON value known for enum " + value.getDeclaringClass().getName() + "." + value.name()
                + "; regenerate src/main/java/io/datalayer/kube/Kube.java with scripts/generate-kube-json.mjs");
    }
}
`;

if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== java) {
    console.error(`${target} is not what scripts/generate-kube-json.mjs writes from the installed cdk8s-plus-28 ${version} and the imports: run it and commit the result`);
    process.exit(1);
  }
} else {
  writeFileSync(target, java);
  console.log(`wrote ${target}: ${typeCount} types`);
}
