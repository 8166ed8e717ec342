package io.datalayer.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** scripts/check-promql.mjs: Prometheus' PromQL grammar and what each alert must carry. */
class CheckPromqlScriptTest {
    @Test
    void findsSyntaxErrorsAndMissingSeverityForAndRunbook() {
        String file = "src/test/resources/promql/bad-rules.yaml";
        NodeScript.Result result = NodeScript.run(NodeScript.CHECK_PROMQL, Path.of(file));
        String at = file + ": PrometheusRule/bad: g/";
        assertEquals(List.of(
                at + "UnclosedMatcher: PromQL syntax error at offset 11 near \"up{job=\\\"a\\\" == 0\"",
                at + "NoRunbook: labels.severity must be one of critical, warning",
                at + "NoRunbook: for is missing; one failed scrape would page",
                at + "NoRunbook: annotations.description is missing",
                at + "NoRunbook: annotations.runbook_url must be an http(s) link to a runbook section (#anchor)"), result.findings());
        assertEquals("check-promql: 5 problem(s) in 2 rule(s)", result.summary());
        assertEquals(1, result.exitCode());
    }

    @Test
    void theCommittedRulesPass() {
        NodeScript.Result result = NodeScript.run(NodeScript.CHECK_PROMQL, Path.of("dist"));
        assertEquals(List.of(), result.findings());
        assertEquals(0, result.exitCode());
    }
}
