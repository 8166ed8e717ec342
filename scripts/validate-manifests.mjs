#!/usr/bin/env node
// Schema check of rendered manifests, the offline stand-in for `kubeconform -strict` against a
// Kubernetes 1.28 API server with External Secrets and prometheus-operator installed.
//
// Usage: node_modules/.bin/node scripts/validate-manifests.mjs <dir|file>...
//   Checks every object of every *.yaml / *.yml file (directories are walked recursively).
//   A kustomization.yaml is not an object for the API server: it is checked to list exactly
//   the *.k8s.yaml files beside it (what synth writes into each dist/<env>/).
//   Exit 0: all valid. Exit 1: one line per finding on stderr,
//   "<file>: <kind>/<name>: <field path>: <problem>". Exit 2: usage or I/O error.
//
// Three layers, all from upstream data shipped in pinned npm packages:
//  1. apiVersion/kind must be served by Kubernetes 1.28 (the GVK table of cdk8s-plus-28's
//     generated k8s 1.28 bindings) or be one of the custom kinds we use (External Secrets,
//     prometheus-operator's PrometheusRule and ServiceMonitor).
//  2. The upstream validators (kubernetes-models, @kubernetes-models/external-secrets,
//     @kubernetes-models/prometheus-operator:
//     Ajv code compiled from the upstream OpenAPI/CRD schemas) check required fields, types,
//     enums and formats. They ignore unknown fields, so every object is handed to them behind a
//     recording Proxy: a generated validator reads each property its schema declares (and
//     enumerates map-like objects), so a key it never read is a key the schema does not know.
//  3. kubernetes-models follows a newer Kubernetes than 1.28 (its schemas know e.g. Service
//     trafficDistribution), so for Kubernetes kinds the field list that decides is the 1.28 one,
//     read from cdk8s-plus-28's generated toJson_* converters (one per 1.28 type, listing each
//     wire field name and its nested type).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// The custom kinds this layer may emit (External Secrets, prometheus-operator), and the module of
// their upstream model.
const CUSTOM_KINDS = new Map([
  ["external-secrets.io/v1/ExternalSecret", "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret"],
  ["external-secrets.io/v1/SecretStore", "@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore"],
  ["generators.external-secrets.io/v1alpha1/VaultDynamicSecret",
    "@kubernetes-models/external-secrets/generators.external-secrets.io/v1alpha1/VaultDynamicSecret"],
  ["monitoring.coreos.com/v1/PrometheusRule", "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule"],
  ["monitoring.coreos.com/v1/ServiceMonitor", "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor"],
]);

/** The Kubernetes 1.28 API surface: GVK -> root type, and type -> {wire field -> {type, map}}. */
export function loadK8s128() {
  const src = readFileSync(join(root, "node_modules/cdk8s-plus-28/lib/imports/k8s.js"), "utf8");
  const gvks = new Map();
  for (const m of src.matchAll(/^(Kube\w+)\.GVK = \{\s*apiVersion: '([^']+)',\s*kind: '([^']+)',/gm)) {
    gvks.set(`${m[2]}/${m[3]}`, `${m[1]}Props`);
  }
  const types = new Map();
  for (const m of src.matchAll(/^function toJson_(\w+)\(obj\) \{[\s\S]*?const result = \{\n([\s\S]*?)\n    \};/gm)) {
    const fields = new Map();
    for (const line of m[2].split("\n")) {
      const f = line.match(/^\s*'([^']+)': (.*),$/);
      if (!f) continue;
      const child = f[2].match(/toJson_(\w+)\(/);
      fields.set(f[1], { type: child ? child[1] : null, map: f[2].includes("Object.entries") });
    }
    types.set(m[1], fields);
  }
  if (gvks.size < 100 || types.size < 400) {
    throw new Error(`cannot read the Kubernetes 1.28 types from cdk8s-plus-28 (found ${gvks.size} kinds, ${types.size} types)`);
  }
  return { gvks, types };
}

export function pathOf(segments) {
  let out = "";
  for (const s of segments) out += typeof s === "number" ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? (out ? "." : "") + s : `[${JSON.stringify(s)}]`;
  return out || "(object)";
}

// Ajv instance paths are JSON pointers; turn them into the dotted form used everywhere else.
function pointerToSegments(pointer, doc) {
  const segs = [];
  let node = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const seg = Array.isArray(node) && /^\d+$/.test(key) ? Number(key) : key;
    segs.push(seg);
    node = node == null ? undefined : node[seg];
  }
  return segs;
}

function pointerOf(segments) {
  return segments.map((s) => "/" + String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

function describe(err) {
  const p = err.params || {};
  switch (err.keyword) {
    case "required": return [p.missingProperty, "required field is missing"];
    case "type": return [null, `must be ${p.type}`];
    case "enum": return [null, `must be one of ${JSON.stringify(p.allowedValues)}`];
    case "format": return [null, `must match format "${p.format}"`];
    case "pattern": return [null, `must match pattern ${p.pattern}`];
    case "additionalProperties": return [p.additionalProperty, "unknown field"];
    default: return [null, `${err.message || "fails " + err.keyword} ${JSON.stringify(p)}`];
  }
}

/**
 * Wraps `data` so that reads by a validator are recorded: for every object, the keys read and
 * whether its keys were enumerated (a map, whose keys are free). Returns the wrapped value and
 * the record (object -> {read:Set, enumerated:boolean}).
 */
function recording(data) {
  const seen = new Map();
  const proxies = new Map();
  const wrap = (v) => {
    if (v === null || typeof v !== "object") return v;
    if (proxies.has(v)) return proxies.get(v);
    const rec = { read: new Set(), enumerated: false };
    seen.set(v, rec);
    const p = new Proxy(v, {
      get(t, k, r) {
        if (typeof k === "string") rec.read.add(k);
        const out = Reflect.get(t, k, r);
        return Object.prototype.hasOwnProperty.call(t, k) ? wrap(out) : out;
      },
      has(t, k) {
        if (typeof k === "string") rec.read.add(k);
        return Reflect.has(t, k);
      },
      ownKeys(t) {
        rec.enumerated = true;
        return Reflect.ownKeys(t);
      },
    });
    proxies.set(v, p);
    return p;
  };
  return { wrapped: wrap(data), seen };
}

/** Keys present in `node` (recursively) that the validator never read: unknown to the schema. */
function unknownFields(node, seen, segs, out) {
  if (node === null || typeof node !== "object") return;
  const rec = seen.get(node);
  if (!rec) return; // never reached: under a field the schema leaves free-form (or already an error)
  if (Array.isArray(node)) {
    node.forEach((v, i) => unknownFields(v, seen, [...segs, i], out));
    return;
  }
  const untouched = rec.read.size === 0 && !rec.enumerated;
  for (const [k, v] of Object.entries(node)) {
    if (!untouched && !rec.enumerated && !rec.read.has(k)) {
      out.push([[...segs, k], "unknown field (not in the upstream schema)"]);
      continue;
    }
    unknownFields(v, seen, [...segs, k], out);
  }
}

/** Fields absent from the Kubernetes 1.28 type tree rooted at `type`. */
function not128(node, type, types, segs, out, isRoot = false) {
  if (node === null || typeof node !== "object" || !type) return;
  if (Array.isArray(node)) {
    node.forEach((v, i) => not128(v, type, types, [...segs, i], out));
    return;
  }
  const fields = types.get(type);
  if (!fields) return;
  for (const [k, v] of Object.entries(node)) {
    // A nested Kube*Props (volumeClaimTemplates) may carry its own apiVersion/kind on the wire.
    if ((isRoot || type.startsWith("Kube")) && (k === "apiVersion" || k === "kind")) continue;
    const f = fields.get(k);
    if (!f) {
      out.push([[...segs, k], "field does not exist in Kubernetes 1.28"]);
      continue;
    }
    if (f.map && v && typeof v === "object") {
      for (const [mk, mv] of Object.entries(v)) not128(mv, f.type, types, [...segs, k, mk], out);
    } else {
      not128(v, f.type, types, [...segs, k], out);
    }
  }
}

const modelCache = new Map();
async function modelFor(gvk, k8s) {
  if (modelCache.has(gvk)) return modelCache.get(gvk);
  let spec = null;
  if (CUSTOM_KINDS.has(gvk)) {
    spec = CUSTOM_KINDS.get(gvk);
  } else if (k8s.gvks.has(gvk)) {
    const [kind, ...rest] = gvk.split("/").reverse();
    const apiVersion = rest.reverse().join("/");
    spec = `kubernetes-models/${apiVersion}/${kind}`;
  }
  let model = null;
  if (spec) {
    try {
      const mod = await import(spec);
      model = mod[gvk.split("/").pop()] ?? null;
    } catch (e) {
      if (e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED" && e.code !== "ERR_MODULE_NOT_FOUND") throw e;
    }
  }
  modelCache.set(gvk, model);
  return model;
}

export async function validateObject(obj, k8s) {
  const findings = [];
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    return [[[], "a manifest document must be a mapping"]];
  }
  if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") {
    return [[[], "apiVersion and kind are required strings"]];
  }
  const gvk = `${obj.apiVersion}/${obj.kind}`;
  const is128 = k8s.gvks.has(gvk);
  if (!is128 && !CUSTOM_KINDS.has(gvk)) {
    return [[["apiVersion"], `unknown apiVersion/kind ${gvk}: not served by Kubernetes 1.28 nor a custom kind we know (External Secrets, prometheus-operator)`]];
  }
  const model = await modelFor(gvk, k8s);
  if (!model) {
    return [[["apiVersion"], `no upstream schema for ${gvk} in kubernetes-models`]];
  }
  const { wrapped, seen } = recording(obj);
  try {
    model.prototype.validate.call(wrapped);
  } catch (e) {
    if (!Array.isArray(e.errors)) throw e;
    // A oneOf/anyOf (int-or-string, quantity) fails once per branch: report one line per path.
    const alternatives = new Set(e.errors.filter((x) => x.keyword === "oneOf" || x.keyword === "anyOf").map((x) => x.instancePath));
    const byPath = new Map();
    for (const err of e.errors) {
      if (err.keyword === "oneOf" || err.keyword === "anyOf") continue;
      const [child, msg] = describe(err);
      const segs = pointerToSegments(err.instancePath, obj);
      const full = child ? [...segs, child] : segs;
      const key = pathOf(full);
      if (!byPath.has(key)) byPath.set(key, { segs: full, msgs: [] });
      byPath.get(key).msgs.push(msg);
    }
    for (const [, { segs, msgs }] of byPath) {
      const either = alternatives.has(pointerOf(segs));
      findings.push([segs, either ? `matches none of its allowed forms (${msgs.join(" | ")})` : msgs.join("; ")]);
    }
  }
  const unknown = [];
  unknownFields(obj, seen, [], unknown);
  if (!is128) return [...findings, ...unknown];
  // For Kubernetes kinds the 1.28 field tree decides: it also covers the few fields the
  // kubernetes-models schemas leave out (the x-kubernetes-* keys of a CRD's JSONSchemaProps).
  // A field unknown to both is reported once, as unknown.
  const missing = [];
  not128(obj, k8s.gvks.get(gvk), k8s.types, [], missing, true);
  const missingPaths = new Set(missing.map(([segs]) => pathOf(segs)));
  const unknownPaths = new Set(unknown.map(([segs]) => pathOf(segs)));
  findings.push(...unknown.filter(([segs]) => missingPaths.has(pathOf(segs))));
  findings.push(...missing.filter(([segs]) => !unknownPaths.has(pathOf(segs))));
  return findings;
}

const KUSTOMIZATION = "kustomization.yaml";

export function yamlFiles(arg) {
  const st = statSync(arg);
  if (st.isFile()) return [arg];
  return readdirSync(arg, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? yamlFiles(join(arg, e.name)) : /\.ya?ml$/.test(e.name) ? [join(arg, e.name)] : []));
}

// The kustomization.yaml of a folder must list exactly the manifests synth wrote beside it.
function checkKustomization(file) {
  const k = parseAllDocuments(readFileSync(file, "utf8"), { uniqueKeys: true })[0]?.toJS() ?? {};
  const lines = [];
  if (k.apiVersion !== "kustomize.config.k8s.io/v1beta1" || k.kind !== "Kustomization") {
    lines.push(`${file}: Kustomization: apiVersion/kind: must be kustomize.config.k8s.io/v1beta1 Kustomization`);
  }
  const listed = [...(k.resources ?? [])].sort();
  const beside = readdirSync(dirname(file)).filter((n) => n.endsWith(".k8s.yaml")).sort();
  if (JSON.stringify(listed) !== JSON.stringify(beside)) {
    lines.push(`${file}: Kustomization: resources: lists [${listed.join(", ")}] but the folder holds [${beside.join(", ")}]`);
  }
  return lines;
}

export async function validatePaths(paths) {
  const k8s = loadK8s128();
  const lines = [];
  let objects = 0;
  for (const file of paths.flatMap(yamlFiles)) {
    const shown = file;
    if (file.endsWith("/" + KUSTOMIZATION) || file === KUSTOMIZATION) {
      lines.push(...checkKustomization(file));
      continue;
    }
    const docs = parseAllDocuments(readFileSync(file, "utf8"), { uniqueKeys: true });
    for (const [i, doc] of (Array.isArray(docs) ? docs : [docs]).entries()) {
      if (doc.errors.length) {
        lines.push(`${shown}: document ${i + 1}: YAML error: ${doc.errors[0].message.split("\n")[0].replace(/:$/, "")}`);
        continue;
      }
      const obj = doc.toJS();
      if (obj === null || obj === undefined) continue;
      objects++;
      const who = `${obj?.kind ?? "?"}/${obj?.metadata?.name ?? `(document ${i + 1})`}`;
      const findings = await validateObject(obj, k8s);
      const uniq = new Set(findings.map(([segs, msg]) => `${shown}: ${who}: ${pathOf(segs)}: ${msg}`));
      lines.push(...[...uniq].sort());
    }
  }
  return { lines, objects };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    console.error("usage: validate-manifests.mjs <dir|file>...");
    process.exit(2);
  }
  try {
    const { lines, objects } = await validatePaths(args);
    for (const l of lines) console.error(l);
    if (lines.length) {
      console.error(`validate-manifests: ${lines.length} problem(s) in ${objects} object(s)`);
      process.exit(1);
    }
    if (objects === 0) {
      console.error(`validate-manifests: no objects found in ${args.join(" ")}`);
      process.exit(1);
    }
    console.log(`validate-manifests: ${objects} object(s) valid`);
  } catch (e) {
    console.error(`validate-manifests: ${e.message}`);
    process.exit(2);
  }
}
