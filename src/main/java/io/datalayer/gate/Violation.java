package io.datalayer.gate;

import io.datalayer.output.Manifest;

/** One broken rule: prints as {@code <file>: <Kind>/<name>: <rule>: <detail>}. */
public record Violation(String file, String object, String rule, String detail) {

    public static Violation of(Manifest where, String rule, String detail) {
        return new Violation(where.file(), where.ref(), rule, detail);
    }

    @Override
    public String toString() {
        return file + ": " + object + ": " + rule + ": " + detail;
    }
}
