#!/usr/bin/env node
// Cross-checks our own CRD files (imports/*.yaml, the input of `cdk8s import`) against the
// upstream schemas: External Secrets against @kubernetes-models/external-secrets, prometheus-operator
// (monitoring.coreos.com) against @kubernetes-models/prometheus-operator, so the typed Java we
// generate cannot drift from what the operator accepts. (The name stays from when ESO was the only
// imported group; CI and the tests call it by that name.)
//
// Usage: node_modules/.bin/node scripts/check-eso-crds.mjs <crd.yaml>...
//   Exit 0: consistent. Exit 1: one line per finding, "<file>: <Kind> <version>: <path>: <problem>".
//
// The upstream schemas ship only as compiled validators, so the check works by example: from
// each CRD version it builds an object that sets every field our schema declares, with a value of
// the declared type (every enum value in turn), and runs it through the same checks as
// validate-manifests.mjs. A field upstream lacks shows up as an unknown field, a different type or
// enum as a type/enum error. Then each declared object in turn is cut down to the fields our CRD
// requires there, which shows the fields upstream requires that our Java types let us leave out.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { validateObject, loadK8s128, pathOf } from "./validate-manifests.mjs";

const SAMPLE_BY_FORMAT = { byte: "eA==", "date-time": "2024-01-01T00:00:00Z", int32: 1, int64: 1 };
// A value for each string pattern our CRDs use (prometheus-operator's Duration); a new pattern
// needs its sample here, or the check stops naming it.
const SAMPLE_BY_PATTERN = {
  "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$": "1h30m",
};

function sample(schema) {
  if (schema.enum) return schema.enum[0];
  if (schema.pattern) {
    if (!(schema.pattern in SAMPLE_BY_PATTERN)) throw new Error(`no sample value for the pattern ${schema.pattern}; add one to SAMPLE_BY_PATTERN`);
    const value = SAMPLE_BY_PATTERN[schema.pattern];
    if (!new RegExp(schema.pattern).test(value)) throw new Error(`the sample ${value} does not match its pattern ${schema.pattern}`);
    return value;
  }
  if (schema.format && schema.format in SAMPLE_BY_FORMAT) return SAMPLE_BY_FORMAT[schema.format];
  switch (schema.type) {
    case "string": return "x".repeat(Math.max(1, schema.minLength ?? 1));
    case "integer": return schema.minimum ?? 1;
    case "number": return schema.minimum ?? 1;
    case "boolean": return true;
    case "array": return schema.items ? [sample(schema.items)] : [];
    case "object": {
      if (schema.properties) {
        return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, sample(v)]));
      }
      if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
        return { key: sample(schema.additionalProperties) };
      }
      return {};
    }
    default: return schema["x-kubernetes-int-or-string"] ? 1 : {};
  }
}

/** Only what our schema requires, recursively (objects we do not require are left out). */
function minimal(schema) {
  if (schema.type !== "object" || !schema.properties) return sample(schema);
  const required = new Set(schema.required ?? []);
  return Object.fromEntries(Object.entries(schema.properties).filter(([k]) => required.has(k)).map(([k, v]) => [k, minimal(v)]));
}

/** [segments, schema] of every enum in the schema tree, paths as they appear in sample(). */
function enums(schema, segs = [], out = []) {
  if (schema.enum) out.push([segs, schema]);
  if (schema.type === "array" && schema.items) enums(schema.items, [...segs, 0], out);
  for (const [k, v] of Object.entries(schema.properties ?? {})) enums(v, [...segs, k], out);
  return out;
}

/** [segments, schema] of every object with declared properties, paths as they appear in sample(). */
function objects(schema, segs = [], out = []) {
  if (schema.type === "array" && schema.items) objects(schema.items, [...segs, 0], out);
  if (schema.properties) {
    out.push([segs, schema]);
    for (const [k, v] of Object.entries(schema.properties)) objects(v, [...segs, k], out);
  }
  return out;
}

function setAt(obj, segs, value) {
  let node = obj;
  for (const s of segs.slice(0, -1)) node = node[s];
  node[segs[segs.length - 1]] = value;
}

// Whose upstream schema a group's CRD is checked against, as the findings name it.
const UPSTREAM = { "monitoring.coreos.com": "prometheus-operator" };
const upstreamOf = (group) => UPSTREAM[group] ?? "ESO";

export async function checkCrdFile(file, k8s) {
  const lines = [];
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"), { uniqueKeys: true })) {
    const crd = doc.toJS();
    if (!crd || crd.kind !== "CustomResourceDefinition") continue;
    const { group, names } = crd.spec;
    for (const version of crd.spec.versions) {
      const at = `${file}: ${names.kind} ${group}/${version.name}: `;
      const schema = version.schema.openAPIV3Schema;
      const head = { apiVersion: `${group}/${version.name}`, kind: names.kind, metadata: { name: "sample" } };
      const findings = new Map();
      const note = (segs, msg) => findings.set(`${pathOf(segs)}: ${msg}`, true);

      const full = { ...sample({ ...schema, properties: { ...schema.properties, metadata: { type: "object" } } }), ...head };
      for (const [segs, msg] of await validateObject(full, k8s)) {
        if (msg.startsWith("required field is missing")) continue; // judged per declared object below
        note(segs, msg.startsWith("unknown field") ? `declared by our CRD but not in the upstream ${upstreamOf(group)} schema` : `upstream: ${msg}`);
      }
      for (const [segs, enumSchema] of enums(schema)) {
        for (const value of enumSchema.enum.slice(1)) {
          const variant = structuredClone(full);
          setAt(variant, segs, value);
          for (const [fsegs, msg] of await validateObject(variant, k8s)) {
            if (pathOf(fsegs) === pathOf(segs)) note(segs, `our enum value ${JSON.stringify(value)} is rejected upstream: ${msg}`);
          }
        }
      }
      // Each declared object in turn holds only the fields our CRD requires there.
      for (const [segs, objSchema] of objects(schema)) {
        if (segs.length === 0) continue; // apiVersion/kind/metadata are ours to set, not the CRD's
        const variant = structuredClone(full);
        setAt(variant, segs, minimal(objSchema));
        for (const [fsegs, msg] of await validateObject(variant, k8s)) {
          if (msg.startsWith("required field is missing") && pathOf(fsegs.slice(0, -1)) === pathOf(segs)) {
            note(fsegs, "required upstream but not required by our CRD");
          }
        }
      }
      lines.push(...[...findings.keys()].sort().map((f) => at + f));
    }
  }
  return lines;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: check-eso-crds.mjs <crd.yaml>...");
    process.exit(2);
  }
  try {
    const k8s = loadK8s128();
    const lines = [];
    for (const f of files) lines.push(...(await checkCrdFile(f, k8s)));
    for (const l of lines) console.error(l);
    if (lines.length) {
      console.error(`check-eso-crds: ${lines.length} difference(s) from the upstream schemas`);
      process.exit(1);
    }
    console.log(`check-eso-crds: ${files.length} file(s) consistent with the upstream schemas`);
  } catch (e) {
    console.error(`check-eso-crds: ${e.message}`);
    process.exit(2);
  }
}
