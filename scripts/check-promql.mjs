#!/usr/bin/env node
// Checks the alerting rules of every PrometheusRule in rendered manifests: each `expr` must parse
// with Prometheus' own PromQL grammar (the npm package @prometheus-io/lezer-promql, the grammar the
// Prometheus web UI parses with), and each alert must carry what a person paged at night needs:
// a `severity` label (critical or warning), a `for:` duration, `summary`, `description` and a
// `runbook_url` annotation with a section anchor.
//
// Usage: node_modules/.bin/node scripts/check-promql.mjs <dir|file>...
//   Exit 0: every rule passes. Exit 1: one line per finding,
//   "<file>: PrometheusRule/<name>: <group>/<alert>: <problem>". Exit 2: usage or I/O error.
//
// What it cannot check: the grammar is syntax only (a misspelt metric or function name parses);
// no Prometheus server runs here to evaluate the rules against series.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { parser } from "@prometheus-io/lezer-promql";
import { yamlFiles } from "./validate-manifests.mjs";

const SEVERITIES = new Set(["critical", "warning"]);

/** Syntax errors of a PromQL expression: [{at, near}] (empty when it parses). */
export function promqlErrors(expr) {
  const errors = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push({ at: node.from, near: expr.slice(Math.max(0, node.from - 12), node.from + 12) });
    },
  });
  return errors;
}

export function checkRule(obj) {
  const lines = [];
  for (const group of obj.spec?.groups ?? []) {
    for (const [i, rule] of (group.rules ?? []).entries()) {
      const at = `${group.name}/${rule.alert ?? rule.record ?? `rule ${i + 1}`}`;
      if (typeof rule.expr !== "string" || rule.expr.trim() === "") {
        lines.push(`${at}: expr is missing`);
        continue;
      }
      for (const e of promqlErrors(rule.expr)) lines.push(`${at}: PromQL syntax error at offset ${e.at} near ${JSON.stringify(e.near)}`);
      if (rule.alert === undefined) continue;
      if (!SEVERITIES.has(rule.labels?.severity)) lines.push(`${at}: labels.severity must be one of ${[...SEVERITIES].join(", ")}`);
      if (!rule.for) lines.push(`${at}: for is missing; one failed scrape would page`);
      for (const key of ["summary", "description"]) {
        if (!rule.annotations?.[key]) lines.push(`${at}: annotations.${key} is missing`);
      }
      if (!/^https?:\/\/[^\s#]+#[a-z0-9-]+$/.test(rule.annotations?.runbook_url ?? "")) {
        lines.push(`${at}: annotations.runbook_url must be an http(s) link to a runbook section (#anchor)`);
      }
    }
  }
  return lines;
}

export function checkPaths(paths) {
  const lines = [];
  let rules = 0;
  for (const file of paths.flatMap(yamlFiles)) {
    for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
      const obj = doc.toJS();
      if (obj?.kind !== "PrometheusRule") continue;
      rules += (obj.spec?.groups ?? []).reduce((n, g) => n + (g.rules ?? []).length, 0);
      lines.push(...checkRule(obj).map((l) => `${file}: PrometheusRule/${obj.metadata?.name}: ${l}`));
    }
  }
  return { lines, rules };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    console.error("usage: check-promql.mjs <dir|file>...");
    process.exit(2);
  }
  try {
    const { lines, rules } = checkPaths(args);
    for (const l of lines) console.error(l);
    if (lines.length) {
      console.error(`check-promql: ${lines.length} problem(s) in ${rules} rule(s)`);
      process.exit(1);
    }
    console.log(`check-promql: ${rules} rule(s) parse and carry severity, for, summary, description and runbook_url`);
  } catch (e) {
    console.error(`check-promql: ${e.message}`);
    process.exit(2);
  }
}
