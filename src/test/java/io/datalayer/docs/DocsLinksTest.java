package io.datalayer.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.testing.Manifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No link of the docs points nowhere: every relative Markdown link of README.md, docs/** and
 * bench/README.md names an existing file and, with a {@code #fragment}, a heading of it (GitHub's
 * anchors); every alert of the committed dist/ has a {@code runbook_url} whose path after
 * {@code /-/blob/main/} is a file of this repository and whose fragment is a heading there.
 * External http(s) links are not checked (no network here, and they are not ours to keep).
 */
class DocsLinksTest {
    private static final Path ROOT = Path.of("");
    private static final String BLOB_MAIN = "/-/blob/main/";
    /** {@code [text](target)} or {@code [text](target "title")}; images ({@code ![alt](src)}) match too. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+).*?\\1");

    @Test
    void everyRelativeLinkOfTheDocsPointsAtAFileAndHeadingThatExist() {
        List<Path> pages = markdownPages(ROOT);
        assertTrue(pages.contains(Path.of("README.md")) && pages.contains(Path.of("docs", "runbooks", "alerts.md")),
                "the docs to check: " + pages);
        assertEquals(List.of(), brokenLinks(ROOT, pages));
    }

    @Test
    void everyAlertOfDistLinksAnExistingRunbookSection() throws IOException {
        List<String> findings = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> envs = Files.list(Path.of("dist"))) {
            for (Path env : envs.sorted().toList()) {
                Path file = env.resolve("data-layer.k8s.yaml");
                if (Files.isRegularFile(file)) {
                    List<String> urls = runbookUrls(Manifests.parse(Files.readString(file)));
                    checked += urls.size();
                    findings.addAll(brokenRunbookUrls(ROOT, file.toString().replace('\\', '/'), urls));
                }
            }
        }
        assertTrue(checked > 0, "no PrometheusRule alert with a runbook_url in dist/*/data-layer.k8s.yaml");
        assertEquals(List.of(), findings);
    }

    // ------------------------------------------------------------------ the checker catches what it must

    @Test
    void aLinkToAMissingFileIsNamedWithFileLineAndLink(@TempDir Path tmp) throws IOException {
        write(tmp, "README.md", "# Top\n\nSee [the guide](docs/guide.md) and [setup](docs/setup.md#install).\n");
        write(tmp, "docs/guide.md", "# Guide\n");
        assertEquals(List.of("README.md:3: [setup](docs/setup.md#install): no file docs/setup.md"),
                brokenLinks(tmp, markdownPages(tmp)));
    }

    @Test
    void aLinkToAMissingHeadingIsNamed(@TempDir Path tmp) throws IOException {
        write(tmp, "README.md", "# Top\n\n[ok](docs/runbooks/alerts.md#datalayerstoredown)\n"
                + "[gone](docs/runbooks/alerts.md#datalayerbackuptooold)\n[self](#top) [self gone](#bottom)\n");
        write(tmp, "docs/runbooks/alerts.md", "# Alerts\n\n## DataLayerStoreDown\n");
        assertEquals(List.of(
                        "README.md:4: [gone](docs/runbooks/alerts.md#datalayerbackuptooold): no heading #datalayerbackuptooold in docs/runbooks/alerts.md",
                        "README.md:5: [self gone](#bottom): no heading #bottom in README.md"),
                brokenLinks(tmp, markdownPages(tmp)));
    }

    @Test
    void aRunbookUrlToAMissingFileOrHeadingIsNamed(@TempDir Path tmp) throws IOException {
        write(tmp, "docs/runbooks/alerts.md", "# Alerts\n\n## DataLayerStoreDown\n");
        String base = "https://git.example.org/platform/data-layer/-/blob/main/";
        String yaml = """
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: data-layer-alerts}
                spec:
                  groups:
                    - name: g
                      rules:
                        - alert: Fine
                          annotations: {runbook_url: "%sdocs/runbooks/alerts.md#datalayerstoredown"}
                        - alert: NoHeading
                          annotations: {runbook_url: "%sdocs/runbooks/alerts.md#datalayerbackuptooold"}
                        - alert: NoFile
                          annotations: {runbook_url: "%sREADME.md#datalayerstoredown"}
                        - alert: Elsewhere
                          annotations: {runbook_url: "https://wiki.example.org/runbooks#x"}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: not-a-rule}
                """.formatted(base, base, base);
        List<String> urls = runbookUrls(Manifests.parse(yaml));
        assertEquals(4, urls.size());
        assertEquals(List.of(
                        "dist/x.yaml: runbook_url " + base + "docs/runbooks/alerts.md#datalayerbackuptooold: no heading #datalayerbackuptooold in docs/runbooks/alerts.md",
                        "dist/x.yaml: runbook_url " + base + "README.md#datalayerstoredown: no file README.md",
                        "dist/x.yaml: runbook_url https://wiki.example.org/runbooks#x: not a page of this repository (no " + BLOB_MAIN + ")"),
                brokenRunbookUrls(tmp, "dist/x.yaml", urls));
    }

    @Test
    void externalLinksCodeAndFencesAreNotChecked(@TempDir Path tmp) throws IOException {
        write(tmp, "README.md", "# Top\n\n[site](https://example.org/missing.md#x) [mail](mailto:a@example.org)\n"
                + "`[not a link](missing.md)`\n```\n[in a fence](missing.md)\n```\n");
        assertEquals(List.of(), brokenLinks(tmp, markdownPages(tmp)));
    }

    @Test
    void anchorsFollowGitHubsRules(@TempDir Path tmp) throws IOException {
        Path page = write(tmp, "p.md", "# What is in `dist/`\n## Who can reach PostgreSQL (trust model)\n"
                + "## Redis: the layer's cache\n## Notes\n## Notes\n## Notes\n## snake_case and-dash\n"
                + "```\n# not a heading\n```\n## Redis 7.0 in the tests, 8.x in the cluster\n");
        assertEquals(Set.of("what-is-in-dist", "who-can-reach-postgresql-trust-model", "redis-the-layers-cache",
                "notes", "notes-1", "notes-2", "snake_case-and-dash", "redis-70-in-the-tests-8x-in-the-cluster"), anchors(page));
    }

    // ------------------------------------------------------------------ the checker

    /** README.md, bench/README.md and every {@code .md} under docs/, relative to {@code root}, in a stable order. */
    static List<Path> markdownPages(Path root) {
        List<Path> pages = new ArrayList<>();
        for (String top : List.of("README.md", "bench/README.md")) {
            if (Files.isRegularFile(root.resolve(top))) {
                pages.add(Path.of(top));
            }
        }
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> walk = Files.walk(docs)) {
                walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".md"))
                        .map(p -> root.toAbsolutePath().relativize(p.toAbsolutePath()))
                        .sorted()
                        .forEach(pages::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pages;
    }

    /** One line per relative link that points nowhere: {@code file:line: [text](target): why}. */
    static List<String> brokenLinks(Path root, List<Path> pages) {
        List<String> findings = new ArrayList<>();
        Map<Path, Set<String>> anchorCache = new HashMap<>();
        for (Path page : pages) {
            List<String> lines = readLines(root.resolve(page));
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (isFence(line)) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
                while (m.find()) {
                    String target = m.group(1);
                    if (SCHEME.matcher(target).find()) {
                        continue;
                    }
                    int hash = target.indexOf('#');
                    String path = hash < 0 ? target : target.substring(0, hash);
                    String fragment = hash < 0 ? "" : target.substring(hash + 1);
                    Path file = path.isEmpty() ? page
                            : path.startsWith("/") ? Path.of(decode(path.substring(1))).normalize()
                            : parentOf(page).resolve(decode(path)).normalize();
                    String where = page.toString().replace('\\', '/') + ":" + (i + 1) + ": " + m.group() + ": ";
                    String shown = file.toString().replace('\\', '/');
                    if (!Files.exists(root.resolve(file))) {
                        findings.add(where + "no file " + shown);
                    } else if (!fragment.isEmpty() && (Files.isDirectory(root.resolve(file))
                            || !anchorCache.computeIfAbsent(file, f -> anchors(root.resolve(f))).contains(fragment))) {
                        findings.add(where + "no heading #" + fragment + " in " + shown);
                    }
                }
            }
        }
        return findings;
    }

    /** Every {@code runbook_url} of every alert of the PrometheusRules among {@code objects}. */
    @SuppressWarnings("unchecked")
    static List<String> runbookUrls(List<Map<String, Object>> objects) {
        List<String> urls = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            if (!"PrometheusRule".equals(object.get("kind")) || !(object.get("spec") instanceof Map<?, ?> spec)
                    || !(spec.get("groups") instanceof List<?> groups)) {
                continue;
            }
            for (Object group : groups) {
                if (group instanceof Map<?, ?> g && g.get("rules") instanceof List<?> rules) {
                    for (Object rule : rules) {
                        if (rule instanceof Map<?, ?> r && r.get("annotations") instanceof Map<?, ?> annotations
                                && annotations.get("runbook_url") instanceof String url) {
                            urls.add(url);
                        }
                    }
                }
            }
        }
        return urls;
    }

    /** One line per runbook URL whose page (after {@code /-/blob/main/}) or section does not exist under {@code root}. */
    static List<String> brokenRunbookUrls(Path root, String file, List<String> urls) {
        List<String> findings = new ArrayList<>();
        for (String url : new LinkedHashSet<>(urls)) {
            String where = file + ": runbook_url " + url + ": ";
            int at = url.indexOf(BLOB_MAIN);
            if (at < 0) {
                findings.add(where + "not a page of this repository (no " + BLOB_MAIN + ")");
                continue;
            }
            String rest = url.substring(at + BLOB_MAIN.length());
            int hash = rest.indexOf('#');
            String path = decode(hash < 0 ? rest : rest.substring(0, hash));
            String fragment = hash < 0 ? "" : rest.substring(hash + 1);
            if (!Files.isRegularFile(root.resolve(path))) {
                findings.add(where + "no file " + path);
            } else if (!fragment.isEmpty() && !anchors(root.resolve(path)).contains(fragment)) {
                findings.add(where + "no heading #" + fragment + " in " + path);
            }
        }
        return findings;
    }

    /**
     * The anchors GitHub gives a page's headings (outside fenced code): the heading's text in lower
     * case, every character but letters, digits, spaces, '-' and '_' dropped, spaces turned to '-';
     * the second of the same anchor gets {@code -1}, the third {@code -2}.
     */
    static Set<String> anchors(Path page) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : readLines(page)) {
            if (isFence(line)) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (fenced || !m.matches()) {
                continue;
            }
            String text = m.group(2).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
            String slug = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").strip()
                    .replaceAll("\\s", "-");
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        return anchors;
    }

    private static boolean isFence(String line) {
        String s = line.stripLeading();
        return s.startsWith("```") || s.startsWith("~~~");
    }

    private static Path parentOf(Path page) {
        Path parent = page.getParent();
        return parent == null ? Path.of("") : parent;
    }

    private static String decode(String path) {
        return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path root, String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theHelpersFindThePagesAndTheRules(@TempDir Path tmp) throws IOException {
        write(tmp, "README.md", "# x\n");
        write(tmp, "docs/a/b.md", "# y\n");
        write(tmp, "docs/notes.txt", "not markdown\n");
        assertEquals(List.of(Path.of("README.md"), Path.of("docs", "a", "b.md")), markdownPages(tmp));
        assertFalse(anchors(tmp.resolve("README.md")).isEmpty());
    }
}
